package io.eventsourcing.jdbc;

import io.eventsourcing.persistence.tck.ApplicationConformance;

import java.util.Map;

class SqliteApplicationIT extends ApplicationConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
