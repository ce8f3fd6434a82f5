package io.eventsourcing.jdbc;

import io.eventsourcing.persistence.tck.DurableSystemConformance;

import java.util.Map;

class SqliteSystemIT extends DurableSystemConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
