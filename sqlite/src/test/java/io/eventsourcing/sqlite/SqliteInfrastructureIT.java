package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.InfrastructureConformance;

import java.util.Map;

class SqliteInfrastructureIT extends InfrastructureConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
