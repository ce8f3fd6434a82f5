package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.PersonalDataConformance;

import java.util.Map;

/**
 * The personal data suite on an in-memory SQLite database (one connection, shared by all threads in turn): the data
 * keys table lives in memory beside the events, and forgetting deletes from it.
 */
class SqliteInMemoryPersonalDataIT extends PersonalDataConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "sqlite", SqliteSettings.DBNAME, ":memory:");
    }
}
