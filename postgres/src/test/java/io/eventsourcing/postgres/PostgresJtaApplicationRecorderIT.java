package io.eventsourcing.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.jdbc.testing.TestJta;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.tck.ApplicationRecorderConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The application recorder suite on PostgreSQL through a DataSource whose connections join Narayana transactions.
 * The concurrency tests' writers save in a JTA transaction that stays open 0 to 20 ms after the save, as a
 * caller's other work would keep it: ids are assigned after the commit, so readers still miss nothing.
 */
class PostgresJtaApplicationRecorderIT extends ApplicationRecorderConformance {

    private static final AgroalDataSource DATA_SOURCE =
            TestJta.dataSource(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 20);

    private final Factories factories = new Factories();

    @Override
    protected ApplicationRecorder newRecorder() {
        Settings settings = Settings.of(Map.of(PostgresSettings.SCHEMA, TestPostgres.freshSchema()));
        return factories.add(JdbcInfrastructureFactory.create(settings, DATA_SOURCE, TestJta.TSR))
                .applicationRecorder();
    }

    @Override
    protected void write(Runnable insert) {
        TestJta.inTransaction(() -> {
            insert.run();
            sleep(ThreadLocalRandom.current().nextInt(21));
        });
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        factories.closeAll();
    }

    @AfterAll
    static void closePool() {
        DATA_SOURCE.close();
    }
}
