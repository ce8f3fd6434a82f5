package io.eventsourcing.postgres.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Subscription;
import io.eventsourcing.postgres.PostgresSettings;
import io.eventsourcing.postgres.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code subscribe} on PostgreSQL: a recorder's subscribers are called when another recorder over the same table (as
 * another process would have) numbers rows, once the numbering has committed, and no longer once they close.
 */
class PostgresSubscriptionIT {

    /** A liveness bound: calls come within milliseconds. */
    private static final long WITHIN_SECONDS = 10;

    private String table;
    private JdbcInfrastructureFactory listening;
    private JdbcInfrastructureFactory writing;
    private ApplicationRecorder listener;
    private ApplicationRecorder writer;
    private Connection sql;
    /** What each call of a subscriber saw: the highest notification id, read when it was called. */
    private final BlockingQueue<Long> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws SQLException {
        Map<String, String> settings = TestPostgres.settings();
        table = settings.get(PostgresSettings.SCHEMA) + ".stored_events";
        listening = JdbcInfrastructureFactory.create(Settings.of(settings));
        writing = JdbcInfrastructureFactory.create(Settings.of(settings));
        listener = listening.applicationRecorder();
        writer = writing.applicationRecorder();
        sql = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
    }

    @AfterEach
    void stop() throws SQLException {
        sql.close();
        writing.close();
        if (listening != null) {
            listening.close();
        }
    }

    @Test
    void a_subscriber_is_called_once_another_recorder_has_numbered_its_rows_not_before() throws Exception {
        try (Subscription subscription = listener.subscribe(this::recordMaxId)) {
            assertThat(seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS)).as("the call once listening").isEqualTo(0L);

            // Committed but not numbered: numbering waits for the table's lock, which this test holds.
            execute("SELECT pg_advisory_lock(" + PostgresDialect.lockKey(table) + ")");
            writer.insertEvents(events(UUID.randomUUID(), 3));
            Thread.sleep(500);      // time for a call too early, which would see no ids
            execute("SELECT pg_advisory_unlock(" + PostgresDialect.lockKey(table) + ")");

            assertThat(seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS)).as("the call after the numbering").isEqualTo(3L);
            writer.insertEvents(events(UUID.randomUUID(), 2));
            Long next = seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS);
            while (next != null && next < 5) {      // a call may stand for several numberings, or come twice
                next = seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(next).as("a call after the next numbering").isEqualTo(5L);
        }
    }

    @Test
    void a_closed_subscription_is_no_longer_called_and_the_last_one_closed_stops_listening() throws Exception {
        AtomicInteger firstCalls = new AtomicInteger();
        Subscription first = listener.subscribe(firstCalls::incrementAndGet);
        awaitValue(() -> firstCalls.get(), "the first subscriber's call once listening");
        Subscription second = listener.subscribe(this::recordMaxId);     // called after the first, in one wake-up
        writer.insertEvents(events(UUID.randomUUID(), 1));
        awaitMaxId(1);
        assertThat(firstCalls.get()).isGreaterThanOrEqualTo(2);

        first.close();
        int callsWhenClosed = firstCalls.get();
        writer.insertEvents(events(UUID.randomUUID(), 1));
        awaitMaxId(2);
        assertThat(firstCalls.get()).as("calls of the closed subscriber").isEqualTo(callsWhenClosed);
        assertThat(listeningSessions()).isEqualTo(1);

        second.close();
        awaitValue(() -> listeningSessions() == 0 ? 1 : 0, "the listening session to end with the last subscription");

        // Subscribing again listens again, in a new session; closing the recorder ends it.
        listener.subscribe(this::recordMaxId);
        writer.insertEvents(events(UUID.randomUUID(), 1));
        awaitMaxId(3);
        assertThat(listeningSessions()).isEqualTo(1);
        listening.close();
        listening = null;
        awaitValue(() -> listeningSessions() == 0 ? 1 : 0, "the listening session to end with the recorder");
    }

    /** The subscriber: reads the highest notification id, as a follower would read the log. */
    private void recordMaxId() {
        try {
            seen.add(maxId());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized long maxId() throws SQLException {
        try (Statement statement = sql.createStatement();
             ResultSet results = statement.executeQuery("SELECT COALESCE(max(notification_id), 0) FROM " + table)) {
            results.next();
            return results.getLong(1);
        }
    }

    private void awaitMaxId(long id) throws InterruptedException {
        for (Long value = seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS); value == null || value < id;
             value = seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS)) {
            assertThat(value).as("a call seeing notification %d", id).isNotNull();
        }
    }

    private synchronized int listeningSessions() throws SQLException {
        try (PreparedStatement select = sql.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE application_name = ?")) {
            select.setString(1, ListeningSessions.applicationName(table));
            try (ResultSet results = select.executeQuery()) {
                results.next();
                return results.getInt(1);
            }
        }
    }

    private interface Probe {
        int get() throws Exception;
    }

    private static void awaitValue(Probe probe, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WITHIN_SECONDS);
        while (probe.get() == 0) {
            assertThat(System.nanoTime()).as("waited %d s for %s", WITHIN_SECONDS, what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private synchronized void execute(String statementText) throws SQLException {
        try (Statement statement = sql.createStatement()) {
            statement.execute(statementText);
        }
    }

    private static List<StoredEvent> events(UUID id, int count) {
        List<StoredEvent> events = new ArrayList<>();
        for (int v = 1; v <= count; v++) {
            events.add(new StoredEvent(id, v, "test.Happened", "{}".getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }
}
