package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.InfrastructureConformance;

import java.util.Map;

class PostgresInfrastructureIT extends InfrastructureConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
