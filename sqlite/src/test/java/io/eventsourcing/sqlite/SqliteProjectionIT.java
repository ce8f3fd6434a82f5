package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.DurableProjectionConformance;

import java.util.Map;

class SqliteProjectionIT extends DurableProjectionConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
