package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.tck.DataKeyRecorderConformance;
import org.junit.jupiter.api.AfterEach;

/**
 * The data key recorder suite on SQLite with {@code eventsourcing.persistence=datasource}: an Agroal DataSource that
 * enlists in Narayana's transactions, found in JNDI; outside a JTA transaction each save is its own transaction.
 */
class SqliteDataSourceDataKeyRecorderIT extends DataKeyRecorderConformance {

    private static final String NAME = "java:comp/env/jdbc/SqliteDataKeysTest";
    private final Factories factories = new Factories();
    private SqliteContainerDataSource container;

    /** Called by the suite before each test (before this class's own {@code @BeforeEach} would run). */
    @Override
    protected ProcessRecorder newRecorder() {
        container = SqliteContainerDataSource.bind(NAME);
        return factories.create(container.settings()).processRecorder();
    }

    @AfterEach
    void close() {
        factories.closeAll();
        container.close();
    }
}
