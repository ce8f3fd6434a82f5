package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.DurableSystemConformance;

import java.util.Map;

class SqliteSystemIT extends DurableSystemConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
