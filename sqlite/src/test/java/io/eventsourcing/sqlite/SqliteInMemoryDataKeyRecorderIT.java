package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.tck.DataKeyRecorderConformance;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** The data key recorder suite on an in-memory SQLite database: keys stored and deleted with the events, or not. */
class SqliteInMemoryDataKeyRecorderIT extends DataKeyRecorderConformance {

    private final Factories factories = new Factories();

    @Override
    protected ProcessRecorder newRecorder() {
        return factories.create(Map.of("eventsourcing.persistence", "sqlite", SqliteSettings.DBNAME, ":memory:"))
                .processRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }
}
