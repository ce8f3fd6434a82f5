package io.eventsourcing.postgres;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.tck.AggregateRecorderConformance;
import org.junit.jupiter.api.AfterEach;

/** The snapshot store on Postgres, as an aggregate recorder. */
class PostgresAggregateRecorderIT extends AggregateRecorderConformance {

    private final Factories factories = new Factories();

    @Override
    protected AggregateRecorder newRecorder() {
        return factories.create(TestPostgres.settings()).snapshotRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }
}
