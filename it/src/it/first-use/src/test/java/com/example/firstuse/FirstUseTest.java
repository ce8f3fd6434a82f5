package com.example.firstuse;

import io.eventsourcing.application.Application;
import io.eventsourcing.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user who added a database module but not its driver is told, as the README's settings are tried. */
class FirstUseTest {

    static class DogSchool extends Application {
        DogSchool(Map<String, String> settings) {
            super(settings);
        }
    }

    @Test
    void sqlite_without_its_driver_names_the_artifact_to_add() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new DogSchool(Map.of(
                "eventsourcing.persistence", "sqlite", "eventsourcing.sqlite.dbname", "target/dogs.db")));
        assertTrue(e.getMessage().contains("org.xerial:sqlite-jdbc"), e.getMessage());
        assertEquals("eventsourcing.persistence", e.key());
    }

    @Test
    void postgres_without_its_driver_names_the_artifact_to_add() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new DogSchool(Map.of(
                "eventsourcing.persistence", "postgres", "eventsourcing.postgres.host", "localhost",
                "eventsourcing.postgres.dbname", "dogs", "eventsourcing.postgres.user", "dogs")));
        assertTrue(e.getMessage().contains("org.postgresql:postgresql"), e.getMessage());
        assertEquals("eventsourcing.persistence", e.key());
    }
}
