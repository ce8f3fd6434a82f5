package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.tck.AggregateRecorderConformance;
import org.junit.jupiter.api.AfterEach;

/** The snapshot store on Sqlite, as an aggregate recorder. */
class SqliteAggregateRecorderIT extends AggregateRecorderConformance {

    private final Factories factories = new Factories();

    @Override
    protected AggregateRecorder newRecorder() {
        return factories.create(TestSqlite.settings()).snapshotRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }
}
