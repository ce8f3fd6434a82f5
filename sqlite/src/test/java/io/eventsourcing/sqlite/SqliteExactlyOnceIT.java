package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.ExactlyOnceConformance;

import java.util.Map;

/**
 * A projection and a process application over one SQLite file, killed with SIGKILL five times, process each
 * notification once; a process application that forgets, killed so, forgets each subject once.
 */
class SqliteExactlyOnceIT extends ExactlyOnceConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
