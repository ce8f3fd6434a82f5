package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.persistence.tck.SnapshotRecorderConformance;
import org.junit.jupiter.api.AfterEach;

class SqliteSnapshotRecorderIT extends SnapshotRecorderConformance {

    private final Factories factories = new Factories();

    @Override
    protected SnapshotRecorder newRecorder() {
        return factories.create(TestSqlite.settings()).snapshotRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }
}
