package io.eventsourcing.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.testing.JtaTransactionsContract;
import io.eventsourcing.jdbc.testing.TestJta;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers in JTA transactions are not serialised while their transactions stay open after a save: two
 * transactions can both have saved, and both be open, before either commits. With the Python library's strategy
 * (an EXCLUSIVE table lock taken before the insert) the second save waits for the first transaction to end, so
 * they never are. (How much this is worth in events/s: {@code bench}'s PostgresSideBySide, scenario c.)
 */
class PostgresJtaConcurrencyIT {

    private static final AgroalDataSource DATA_SOURCE =
            TestJta.dataSource(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 10);

    @AfterAll
    static void closePool() {
        DATA_SOURCE.close();
    }

    @Test
    void two_transactions_can_both_have_saved_before_either_commits() throws Exception {
        String schema = TestPostgres.freshSchema();
        try (JdbcInfrastructureFactory factory = factory(schema)) {
            ApplicationRecorder recorder = factory.applicationRecorder();
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();

            assertThat(saveBothThenCommit(recorder, schema, first, second, false, 60)).isTrue();

            List<Notification> log = recorder.selectNotifications(1, 100);
            assertThat(log).extracting(Notification::id).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
            UUID firstNumbered = log.get(0).originatorId();
            assertThat(log.subList(0, 10)).extracting(Notification::originatorId).containsOnly(firstNumbered);
            assertThat(log.subList(10, 20)).extracting(Notification::originatorId)
                    .containsOnly(firstNumbered.equals(first) ? second : first);
        }
    }

    @Test
    void with_a_table_lock_taken_at_insert_the_second_save_waits_for_the_first_transaction() throws Exception {
        String schema = TestPostgres.freshSchema();
        try (JdbcInfrastructureFactory factory = factory(schema)) {
            ApplicationRecorder recorder = factory.applicationRecorder();

            assertThat(saveBothThenCommit(recorder, schema, UUID.randomUUID(), UUID.randomUUID(), true, 3)).isFalse();
            assertThat(recorder.maxNotificationId()).isZero();
        }
    }

    private static JdbcInfrastructureFactory factory(String schema) {
        return JdbcInfrastructureFactory.create(Settings.of(Map.of(PostgresSettings.SCHEMA, schema)),
                DATA_SOURCE, TestJta.TSR);
    }

    /**
     * Two threads each save 10 events in a transaction, meet while both are open, then commit.
     *
     * @return whether they met; if not, both rolled back
     */
    private static boolean saveBothThenCommit(ApplicationRecorder recorder, String schema, UUID first, UUID second,
                                           boolean lockTable, int waitSeconds) throws Exception {
        CyclicBarrier bothSaved = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> done = threads.invokeAll(List.of(
                    () -> saveAndMeet(recorder, schema, first, lockTable, bothSaved, waitSeconds),
                    () -> saveAndMeet(recorder, schema, second, lockTable, bothSaved, waitSeconds)));
            boolean met = true;
            for (Future<Boolean> f : done) {
                met &= f.get();
            }
            return met;
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** @return whether the other thread saved too while this one's transaction was open; else it rolls back */
    private static boolean saveAndMeet(ApplicationRecorder recorder, String schema, UUID id, boolean lockTable,
                                      CyclicBarrier bothSaved, int waitSeconds) throws Exception {
        TestJta.TM.begin();
        try {
            if (lockTable) {
                try (Connection connection = DATA_SOURCE.getConnection();
                     Statement statement = connection.createStatement()) {
                    statement.execute("LOCK TABLE " + schema + ".stored_events IN EXCLUSIVE MODE");
                }
            }
            recorder.insertEvents(JtaTransactionsContract.events(id, 1, 10));
            bothSaved.await(waitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            TestJta.TM.rollback();
            return false;
        } catch (SQLException | RuntimeException e) {
            TestJta.TM.rollback();
            throw e;
        }
        TestJta.TM.commit();
        return true;
    }
}
