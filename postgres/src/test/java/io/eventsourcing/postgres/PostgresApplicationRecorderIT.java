package io.eventsourcing.postgres;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.tck.ApplicationRecorderConformance;
import org.junit.jupiter.api.AfterEach;

class PostgresApplicationRecorderIT extends ApplicationRecorderConformance {

    private final Factories factories = new Factories();

    @Override
    protected ApplicationRecorder newRecorder() {
        return factories.create(TestPostgres.settings()).applicationRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }
}
