package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.SnapshotConformance;

import java.util.Map;

class PostgresSnapshotIT extends SnapshotConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
