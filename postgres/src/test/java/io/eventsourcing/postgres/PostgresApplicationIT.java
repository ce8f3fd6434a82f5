package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.ApplicationConformance;

import java.util.Map;

class PostgresApplicationIT extends ApplicationConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
