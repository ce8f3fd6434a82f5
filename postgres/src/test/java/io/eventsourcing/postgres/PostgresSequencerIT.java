package io.eventsourcing.postgres;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.testing.JtaTransactionsContract;
import io.eventsourcing.jdbc.testing.TestJndi;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How PostgreSQL numbers rows after their transactions commit. */
class PostgresSequencerIT {

    @Test
    void rows_a_stopped_process_committed_but_did_not_number_are_numbered_by_the_next_start() throws Exception {
        Map<String, String> settings = TestPostgres.settings();
        String schema = settings.get(PostgresSettings.SCHEMA);
        UUID numbered = UUID.randomUUID();
        try (JdbcInfrastructureFactory first = JdbcInfrastructureFactory.create(Settings.of(settings))) {
            first.applicationRecorder().insertEvents(JtaTransactionsContract.events(numbered, 1, 2));
        }
        // What a process leaves when it stops between its commit and the numbering: rows without ids.
        UUID orphan = UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                TestPostgres.password());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + ".stored_events"
                     + " (originator_id, originator_version, topic, state) VALUES (?, ?, 'tck.Orphan', '\\x7b7d')")) {
            for (int version = 1; version <= 3; version++) {
                insert.setObject(1, orphan);
                insert.setInt(2, version);
                insert.executeUpdate();
            }
        }

        try (JdbcInfrastructureFactory next = JdbcInfrastructureFactory.create(Settings.of(settings))) {
            ApplicationRecorder recorder = next.applicationRecorder();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (recorder.maxNotificationId() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            List<Notification> log = recorder.selectNotifications(1, 10);
            assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(log).extracting(Notification::originatorId)
                    .containsExactly(numbered, numbered, orphan, orphan, orphan);
            assertThat(log).extracting(Notification::originatorVersion).containsExactly(1, 2, 1, 2, 3);
        }
    }

    @Test
    void a_process_reads_its_own_saves_in_the_log_as_soon_as_they_return() {
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                Settings.of(TestPostgres.settings()))) {
            ApplicationRecorder recorder = factory.applicationRecorder();
            for (int i = 1; i <= 50; i++) {
                recorder.insertEvents(JtaTransactionsContract.events(UUID.randomUUID(), 1, 2));

                assertThat(recorder.maxNotificationId()).isEqualTo(2L * i);
            }
        }
    }

    @Test
    void each_of_concurrent_writers_reads_its_own_save_in_the_log_as_soon_as_it_returns() throws Exception {
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                Settings.of(TestPostgres.settings()))) {
            ApplicationRecorder recorder = factory.applicationRecorder();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    done.add(writers.submit(() -> {
                        long seen = 0;
                        for (int i = 0; i < 100; i++) {
                            UUID id = UUID.randomUUID();
                            recorder.insertEvents(JtaTransactionsContract.events(id, 1, 1));

                            List<Notification> news = recorder.selectNotifications(seen + 1, 10_000);
                            assertThat(news).extracting(Notification::originatorId).contains(id);
                            seen = news.get(news.size() - 1).id();
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }
            assertThat(recorder.maxNotificationId()).isEqualTo(800);
        }
    }

    @Test
    void numbers_on_a_thread_of_the_containers_managed_thread_factory_when_jndi_has_one() {
        List<Thread> made = new CopyOnWriteArrayList<>();
        ThreadFactory managed = runnable -> {
            Thread thread = new Thread(runnable);
            made.add(thread);
            return thread;
        };
        TestJndi.bind("java:comp/DefaultManagedThreadFactory", managed);
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                Settings.of(TestPostgres.settings()))) {
            ApplicationRecorder recorder = factory.applicationRecorder();
            recorder.insertEvents(JtaTransactionsContract.events(UUID.randomUUID(), 1, 2));

            assertThat(recorder.maxNotificationId()).isEqualTo(2L);
            assertThat(made).singleElement()
                    .satisfies(thread -> assertThat(thread.getName()).startsWith("eventsourcing-sequencer "));
        } finally {
            TestJndi.unbind("java:comp/DefaultManagedThreadFactory");
        }
    }
}
