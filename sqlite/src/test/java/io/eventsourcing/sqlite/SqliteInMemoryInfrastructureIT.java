package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.InfrastructureConformance;

import java.util.Map;

/** The infrastructure suite on an in-memory SQLite database (one connection, shared by all threads in turn). */
class SqliteInMemoryInfrastructureIT extends InfrastructureConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "sqlite", SqliteSettings.DBNAME, ":memory:");
    }
}
