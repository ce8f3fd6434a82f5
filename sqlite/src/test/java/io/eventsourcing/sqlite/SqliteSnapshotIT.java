package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.SnapshotConformance;

import java.util.Map;

class SqliteSnapshotIT extends SnapshotConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
