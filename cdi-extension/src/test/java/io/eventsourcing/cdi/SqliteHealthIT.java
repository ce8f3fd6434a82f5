package io.eventsourcing.cdi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The health checks with the dog school in a SQLite file. */
class SqliteHealthIT extends HealthContract {

    @Override
    protected Map<String, String> database(int store) {
        try {
            Path file = Files.createTempFile(Files.createDirectories(Path.of("target", "sqlite")), "health-", ".db");
            return Map.of("eventsourcing.DogSchool.persistence", "sqlite",
                    "eventsourcing.DogSchool.sqlite.dbname", file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
