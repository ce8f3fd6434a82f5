package io.eventsourcing.jdbc;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Settings;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows that writers in JTA transactions are not serialised while their transactions stay open after a save: 8
 * writers save 10 events at a time, each in a transaction held open 0-20 ms afterwards. With ids assigned at
 * commit the run takes a fraction of the summed open time; with the Python library's strategy (an EXCLUSIVE table
 * lock taken before the insert) it takes at least all of it. Prints events/s; more rounds with
 * {@code -Deventsourcing.test.rounds=3}. The only timing asserted: commit-time numbering takes less than
 * three quarters of the summed open time (8 writers in parallel need about an eighth), the table lock at least all of it.
 */
class PostgresJtaThroughputIT {

    private static final int WRITERS = 8;
    private static final int SAVES_PER_WRITER = 50;
    private static final int EVENTS_PER_SAVE = 10;
    private static final AgroalDataSource DATA_SOURCE =
            TestJta.dataSource(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 20);

    @AfterAll
    static void closePool() {
        DATA_SOURCE.close();
    }

    @Test
    void writers_are_not_serialised_while_their_transactions_stay_open() throws Exception {
        int rounds = Integer.getInteger("eventsourcing.test.rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            Result commitTime = run(false, 20);
            Result tableLock = run(true, 20);
            Result noWork = run(false, 0);
            Result local = runLocal();
            System.out.printf("round %d, %d writers x %d saves x %d events: JTA open 0-20 ms, commit-time ids: %,.0f"
                            + " events/s (%d ms for %d ms of open transactions); JTA open 0-20 ms, LOCK TABLE"
                            + " EXCLUSIVE at insert: %,.0f events/s (%d ms); JTA, no work: %,.0f events/s;"
                            + " own transactions: %,.0f events/s%n", round, WRITERS, SAVES_PER_WRITER,
                    EVENTS_PER_SAVE, commitTime.eventsPerSecond(), commitTime.elapsedMillis,
                    commitTime.openMillis, tableLock.eventsPerSecond(), tableLock.elapsedMillis,
                    noWork.eventsPerSecond(), local.eventsPerSecond());
            // Serialised writers would need at least the summed open time, as the table lock shows.
            assertThat(commitTime.elapsedMillis).isLessThan(commitTime.openMillis * 3 / 4);
            assertThat(tableLock.elapsedMillis).isGreaterThanOrEqualTo(tableLock.openMillis);
        }
    }

    private record Result(long elapsedMillis, long openMillis) {
        double eventsPerSecond() {
            return WRITERS * SAVES_PER_WRITER * EVENTS_PER_SAVE * 1000.0 / elapsedMillis;
        }
    }

    private Result run(boolean lockTable, int maxWorkMillis) throws Exception {
        String schema = TestPostgres.freshSchema();
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                Settings.of(Map.of(JdbcSettings.POSTGRES_SCHEMA, schema)), DATA_SOURCE, TestJta.TSR)) {
            ApplicationRecorder recorder = factory.applicationRecorder();
            AtomicLong open = new AtomicLong();
            return time(open, () -> {
                List<StoredEvent> events = JtaTransactionsContract.events(UUID.randomUUID(), 1, EVENTS_PER_SAVE);
                long work = maxWorkMillis == 0 ? 0 : ThreadLocalRandom.current().nextInt(maxWorkMillis + 1);
                open.addAndGet(work);
                TestJta.inTransaction(() -> {
                    if (lockTable) {
                        lock(schema + ".stored_events");
                    }
                    recorder.insertEvents(events);
                    PostgresJtaApplicationRecorderIT.sleep(work);
                });
            });
        }
    }

    private Result runLocal() throws Exception {
        Map<String, String> settings = TestPostgres.settings();
        settings.put(JdbcSettings.POSTGRES_POOL_SIZE, Integer.toString(WRITERS));
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(Settings.of(settings))) {
            ApplicationRecorder recorder = factory.applicationRecorder();
            return time(new AtomicLong(), () -> recorder.insertEvents(
                    JtaTransactionsContract.events(UUID.randomUUID(), 1, EVENTS_PER_SAVE)));
        }
    }

    private static void lock(String table) {
        try (Connection connection = DATA_SOURCE.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result time(AtomicLong open, Runnable save) throws InterruptedException {
        List<Thread> writers = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(new Thread(() -> {
                try {
                    for (int s = 0; s < SAVES_PER_WRITER; s++) {
                        save.run();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        long start = System.nanoTime();
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join();
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertThat(errors).isEmpty();
        return new Result(Math.max(elapsed, 1), open.get());
    }
}
