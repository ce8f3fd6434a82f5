package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.ApplicationConformance;

import java.util.Map;

/** The application suite on an in-memory SQLite database (one connection, shared by all threads in turn). */
class SqliteInMemoryApplicationIT extends ApplicationConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "sqlite", SqliteSettings.DBNAME, ":memory:");
    }
}
