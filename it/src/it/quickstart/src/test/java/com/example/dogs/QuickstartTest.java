package com.example.dogs;

import io.eventsourcing.persistence.Notification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The README's quickstart, compiled against the installed jar. */
class QuickstartTest {

    @Test
    void the_readme_example_runs_as_written() {
        DogSchool school = new DogSchool();
        UUID id = school.registerDog("Fido");
        school.addTrick(id, "roll over");
        school.addTrick(id, "play dead");

        assertEquals(List.of("roll over", "play dead"), school.getDog(id).tricks());
        List<Notification> log = school.notificationLog().select(1, 10);
        assertEquals(List.of(1L, 2L, 3L), log.stream().map(Notification::id).toList());
        assertEquals("com.example.dogs.Dog$TrickAdded", log.get(2).topic());
    }

    @Test
    void the_users_compiler_ran_the_annotation_processor_core_brings() throws IOException {
        try (InputStream index = getClass().getResourceAsStream("/META-INF/eventsourcing/aggregates")) {
            assertNotNull(index, "the aggregate index written at compile time");
            assertEquals("com.example.dogs.Dog", new String(index.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
