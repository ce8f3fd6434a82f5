package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.DurableProjectionConformance;

import java.util.Map;

class PostgresProjectionIT extends DurableProjectionConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
