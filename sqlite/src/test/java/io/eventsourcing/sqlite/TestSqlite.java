package io.eventsourcing.sqlite;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** SQLite stores for the tests: each a new database file in a temporary directory, so it starts empty. */
final class TestSqlite {

    private TestSqlite() {
    }

    static Path freshFile() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "sqlite"));
            return Files.createTempFile(dir, "store-", ".db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the settings of a SQLite application over an empty database file */
    static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "sqlite");
        settings.put(SqliteSettings.DBNAME, freshFile().toString());
        return settings;
    }
}
