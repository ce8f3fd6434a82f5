package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.tck.DataKeyRecorderConformance;
import org.junit.jupiter.api.AfterEach;

class SqliteDataKeyRecorderIT extends DataKeyRecorderConformance {

    private final Factories factories = new Factories();

    @Override
    protected ProcessRecorder newRecorder() {
        return factories.create(TestSqlite.settings()).processRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }
}
