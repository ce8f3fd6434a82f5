package io.eventsourcing.jdbc;

import io.eventsourcing.persistence.tck.SnapshotConformance;

import java.util.Map;

class SqliteSnapshotIT extends SnapshotConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
