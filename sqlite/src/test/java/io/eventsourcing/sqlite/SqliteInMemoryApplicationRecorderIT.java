package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.tck.ApplicationRecorderConformance;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** The application recorder suite, concurrency included, on an in-memory SQLite database. */
class SqliteInMemoryApplicationRecorderIT extends ApplicationRecorderConformance {

    private final Factories factories = new Factories();

    @Override
    protected ApplicationRecorder newRecorder() {
        return factories.create(Map.of("eventsourcing.persistence", "sqlite", SqliteSettings.DBNAME, ":memory:"))
                .applicationRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }
}
