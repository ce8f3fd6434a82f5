package com.example.dogs;

import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.cdi.EventSourced;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boots Weld SE over the user's classes and the installed jars, as a user's main method would. */
class WeldSeTest {

    @Test
    void the_application_is_a_bean_configured_from_microprofile_config() throws Exception {
        Files.deleteIfExists(Path.of("target/dogs.db"));
        UUID id;
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            DogSchool school = container.select(DogSchool.class).get();
            id = school.registerDog("Fido");
            school.addTrick(id, "roll over");

            Kennel kennel = container.select(Kennel.class).get();
            assertEquals(List.of("roll over"), kennel.tricks(id));
            assertEquals(2, kennel.lastNotificationId());
        }
        assertTrue(Files.size(Path.of("target/dogs.db")) > 0, "events stored in the SQLite file");

        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            NotificationLog log = container.select(NotificationLog.class, EventSourced.Literal.of(DogSchool.class)).get();
            assertEquals(2, log.select(1, 10).size(), "the events outlive the container: they are in the file");
        }
    }
}
