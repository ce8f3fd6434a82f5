package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.ExactlyOnceConformance;

import java.util.Map;

/** A projection and a process application over PostgreSQL, killed with SIGKILL five times, process each notification once. */
class PostgresExactlyOnceIT extends ExactlyOnceConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
