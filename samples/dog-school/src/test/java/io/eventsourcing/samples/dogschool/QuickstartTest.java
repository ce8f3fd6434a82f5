package io.eventsourcing.samples.dogschool;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's quickstart, as written there. */
class QuickstartTest {

    @Test
    void the_readme_quickstart_runs_as_written() {
        DogSchool school = new DogSchool();
        UUID id = school.registerDog("Fido");
        school.addTrick(id, "roll over");
        school.addTrick(id, "play dead");
        assertThat(school.getDog(id).tricks()).isEqualTo(List.of("roll over", "play dead"));
        assertThat(school.notificationLog().select(1, 10).size()).isEqualTo(3);
    }

    @Test
    void the_dog_school_program_prints_the_dogs_and_the_log() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Main.main(new String[0]);
        } finally {
            System.setOut(original);
        }

        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed).contains("Fido").contains("[roll over, play dead]").contains("Buster")
                .contains("  1  ").contains("  5  ").contains("Dog$TrickAdded")
                .contains("  roll over: 1").contains("  play dead: 1").contains("  fetch: 1")
                .contains("  Buster: 1 tricks\n  Fido: 2 tricks");
    }
}
