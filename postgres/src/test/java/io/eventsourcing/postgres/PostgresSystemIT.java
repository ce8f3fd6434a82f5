package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.DurableSystemConformance;

import java.util.Map;

class PostgresSystemIT extends DurableSystemConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
