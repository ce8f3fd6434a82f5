package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.ExactlyOnceConformance;

import java.util.Map;

/**
 * A projection and a process application over PostgreSQL, killed with SIGKILL five times, process each notification
 * once; a process application that forgets, killed so, forgets each subject once.
 */
class PostgresExactlyOnceIT extends ExactlyOnceConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
