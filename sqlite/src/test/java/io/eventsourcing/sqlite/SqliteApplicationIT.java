package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.ApplicationConformance;

import java.util.Map;

class SqliteApplicationIT extends ApplicationConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
