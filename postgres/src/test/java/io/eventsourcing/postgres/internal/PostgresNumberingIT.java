package io.eventsourcing.postgres.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.RecorderStatus;
import io.eventsourcing.persistence.StoredEvent;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequencer's numbering when something else touched the rows between their commit and their numbering: held
 * back by the table's advisory lock, which this test takes as another process's sweep would.
 */
class PostgresNumberingIT {

    private String table;
    private JdbcInfrastructureFactory factory;
    private ApplicationRecorder recorder;
    private Connection other;

    @BeforeEach
    void start() throws SQLException {
        Map<String, String> settings = TestPostgres.settings();
        table = settings.get(PostgresSettings.SCHEMA) + ".stored_events";
        factory = JdbcInfrastructureFactory.create(Settings.of(settings));
        recorder = factory.applicationRecorder();
        other = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
    }

    @AfterEach
    void stop() throws SQLException {
        other.close();
        factory.close();
    }

    @Test
    void rows_another_process_numbered_meanwhile_keep_their_ids_and_the_ids_stay_dense() throws Exception {
        UUID first = UUID.randomUUID();
        holdLock();
        recorder.insertEvents(events(first, 1, 3));
        // What another process's sweep does under the lock: number the committed rows without ids.
        execute("UPDATE " + table + " SET notification_id = originator_version WHERE originator_id = '" + first + "'");
        releaseLock();
        UUID second = UUID.randomUUID();
        recorder.insertEvents(events(second, 1, 2));

        List<Notification> log = recorder.selectNotifications(1, 10);
        assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(log).extracting(Notification::originatorId).containsExactly(first, first, first, second, second);
    }

    @Test
    void rows_moved_since_their_insert_are_left_to_the_sweep_and_others_now_in_their_place_are_not_numbered()
            throws Exception {
        // Dead rows first, so that rewriting the table moves the rows inserted after them.
        other.setAutoCommit(false);
        insertDirectly(UUID.randomUUID(), 1, 3);
        other.rollback();
        other.setAutoCommit(true);
        UUID moved = UUID.randomUUID();
        holdLock();
        recorder.insertEvents(events(moved, 1, 3));
        List<String> before = ctids(moved);
        execute("VACUUM FULL " + table);
        assertThat(ctids(moved)).doesNotContainAnyElementsOf(before);
        // Rows of another transaction where the moved rows were inserted: numbering must not take them for those.
        UUID newcomer = UUID.randomUUID();
        insertDirectly(newcomer, 1, 6);
        assertThat(ctids(newcomer)).containsAll(before);
        releaseLock();

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (recorder.maxNotificationId() < 9 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Notification> log = recorder.selectNotifications(1, 20);
        assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(log).extracting(n -> n.originatorId() + " v" + n.originatorVersion()).containsExactly(
                moved + " v1", moved + " v2", moved + " v3", newcomer + " v1", newcomer + " v2", newcomer + " v3",
                newcomer + " v4", newcomer + " v5", newcomer + " v6");
    }

    @Test
    void a_numbering_whose_connection_dies_is_retried_on_another_and_the_ids_stay_dense_and_in_order()
            throws Exception {
        UUID first = UUID.randomUUID();
        holdLock();
        recorder.insertEvents(events(first, 1, 2));
        // The sequencer now waits for the lock in its numbering statement: end its session, as a failover would.
        long deadline = System.nanoTime() + 30_000_000_000L;
        int killed = 0;
        while (killed == 0 && System.nanoTime() < deadline) {
            try (Statement statement = other.createStatement();
                 ResultSet results = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_locks"
                         + " WHERE locktype = 'advisory' AND NOT granted AND pid <> pg_backend_pid()")) {
                results.next();
                killed = results.getInt(1);
            }
            Thread.sleep(10);
        }
        assertThat(killed).as("the numbering waiting for the lock").isEqualTo(1);
        releaseLock();
        UUID second = UUID.randomUUID();
        recorder.insertEvents(events(second, 1, 1));

        while (recorder.maxNotificationId() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Notification> log = recorder.selectNotifications(1, 10);
        assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L);
        assertThat(log).extracting(n -> n.originatorId() + " v" + n.originatorVersion())
                .containsExactly(first + " v1", first + " v2", second + " v1");
    }

    @Test
    void after_the_server_ended_every_session_of_the_pool_the_next_save_gets_a_live_connection() throws Exception {
        UUID first = UUID.randomUUID();
        recorder.insertEvents(events(first, 1, 1));
        // What a server restart or a failover leaves in the pool: connections whose sessions are gone.
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'eventsourcing'"
                + " AND pid <> pg_backend_pid()");
        Thread.sleep(1_500);    // idle longer than the pool's validation threshold

        UUID second = UUID.randomUUID();
        recorder.insertEvents(events(second, 1, 1));

        assertThat(recorder.selectNotifications(1, 10))
                .extracting(n -> n.originatorId() + " v" + n.originatorVersion())
                .containsExactly(first + " v1", second + " v1");
    }

    @Test
    void a_save_whose_rows_spilled_onto_a_lower_page_is_numbered_by_the_sweep_in_the_order_of_its_events()
            throws Exception {
        // Full pages of numbered rows, then free space on the first page, as the dead rows numbering leaves behind do
        // once vacuumed.
        Random random = new Random(42);
        try (PreparedStatement insert = other.prepareStatement("INSERT INTO " + table
                + " (originator_id, originator_version, topic, state, notification_id) VALUES (?, 1, 'test.Filled', ?, ?)")) {
            for (int id = 1; id <= 38; id++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setBytes(2, bytes(random, 1_000));
                insert.setLong(3, id);
                insert.executeUpdate();
            }
        }
        // A save of another process, committed, which stopped before numbering it: its first event fills the last
        // page, so the ones after it go where the free space map sends them, to the lower pages. VACUUM cannot free
        // the deleted row while another session's snapshot is older than the delete (a sweep of another test's
        // recorder, looking): then the save stays in order, and the next try frees another row.
        UUID dog = null;
        List<String> stored = List.of();
        int saves = 0;
        for (int slot = 1; slot <= 7 && stored.equals(sortedByPlace(stored)); slot++) {
            execute("DELETE FROM " + table + " WHERE ctid = '(0," + slot + ")'");
            Thread.sleep(slot == 1 ? 0 : 300);      // for the snapshots taken before the delete to end
            execute("VACUUM " + table);
            dog = UUID.randomUUID();
            List<StoredEvent> save = new ArrayList<>();
            for (int version = 1; version <= 10; version++) {
                save.add(new StoredEvent(dog, version, "test.Happened", bytes(random, version == 1 ? 1_900 : 500)));
            }
            insertDirectly(List.of(save));
            saves++;
            stored = ctids(dog);
        }
        assertThat(stored).as("where the save's rows are, in version order (sessions holding a snapshot: %s)",
                holders()).isNotEqualTo(sortedByPlace(stored));

        long last = 38 + 10L * saves;     // ids go on after the rows deleted
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (recorder.maxNotificationId() < last && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        UUID spilled = dog;
        List<Notification> log = recorder.selectNotifications(1, (int) last).stream()
                .filter(n -> n.originatorId().equals(spilled)).toList();
        assertThat(log).extracting(Notification::originatorVersion).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(log.get(9).id() - log.get(0).id()).as("the save at consecutive ids").isEqualTo(9);
    }

    /** @return the sessions and prepared transactions that keep VACUUM from freeing rows, for a failure */
    private String holders() throws SQLException {
        try (Statement statement = other.createStatement(); ResultSet results = statement.executeQuery(
                "SELECT (SELECT string_agg(pid || ' ' || state || ' ' || left(query, 60), '; ') FROM pg_stat_activity"
                        + " WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()),"
                        + " (SELECT string_agg(gid, ', ') FROM pg_prepared_xacts)")) {
            results.next();
            return results.getString(1) + "; prepared: " + results.getString(2);
        }
    }

    private static List<String> sortedByPlace(List<String> ctids) {
        return ctids.stream().sorted(Comparator.comparing(PostgresNumberingIT::page)
                .thenComparing(PostgresNumberingIT::item)).toList();
    }

    @Test
    void a_version_saved_before_another_process_numbered_the_ones_before_it_is_numbered_after_them()
            throws Exception {
        UUID dog = UUID.randomUUID();
        // Another process committed versions 1 to 3 and has not numbered them yet (or stopped before it could).
        insertDirectly(dog, 1, 3);
        recorder.insertEvents(events(dog, 4, 5));

        assertThat(recorder.selectNotifications(1, 10))
                .extracting(n -> n.originatorId() + " v" + n.originatorVersion())
                .containsExactly(dog + " v1", dog + " v2", dog + " v3", dog + " v4", dog + " v5");
    }

    @Test
    void the_sweep_numbers_each_transaction_of_a_stopped_process_at_consecutive_ids_in_the_order_of_its_events()
            throws Exception {
        UUID cat = UUID.randomUUID();
        UUID dog = UUID.randomUUID();
        UUID fox = UUID.randomUUID();
        // Two transactions of a process that stopped before numbering them, their inserts interleaved.
        other.setAutoCommit(false);
        insertDirectly(dog, 1, 2);
        try (Connection third = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                TestPostgres.password())) {
            insertDirectly(third, List.of(events(cat, 1, 2)));
        }
        insertDirectly(fox, 1, 1);
        insertDirectly(dog, 3, 3);
        other.commit();
        other.setAutoCommit(true);

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (recorder.maxNotificationId() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(recorder.selectNotifications(1, 10))
                .extracting(n -> n.originatorId() + " v" + n.originatorVersion())
                .containsExactly(cat + " v1", cat + " v2", dog + " v1", dog + " v2", fox + " v1", dog + " v3");
    }

    @Test
    void a_transaction_that_commits_between_two_looks_of_the_sweep_is_numbered_whole_at_consecutive_ids()
            throws Exception {
        UUID dog = UUID.randomUUID();
        // A transaction of another process, open across the sweep's looks: its first row inserted, then its second.
        other.setAutoCommit(false);
        insertDirectly(dog, 1, 1);
        int others = 0;
        try (Connection third = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                TestPostgres.password())) {
            // Meanwhile rows committed without ids, inserted after the open transaction's first row, which the
            // sweep finds at every look (a stopped process's, say).
            long commitAt = System.nanoTime() + 2_500_000_000L;
            long end = commitAt + 2_500_000_000L;
            boolean committed = false;
            while (System.nanoTime() < end) {
                insertDirectly(third, List.of(events(UUID.randomUUID(), 1, 1)));
                others++;
                if (!committed && System.nanoTime() > commitAt) {
                    insertDirectly(dog, 2, 2);
                    other.commit();
                    committed = true;
                }
                Thread.sleep(100);
            }
        }
        other.setAutoCommit(true);

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (recorder.maxNotificationId() < others + 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Notification> log = recorder.selectNotifications(1, others + 10);
        assertThat(log).hasSize(others + 2);
        List<Notification> dogs = log.stream().filter(n -> n.originatorId().equals(dog)).toList();
        assertThat(dogs).extracting(Notification::originatorVersion).containsExactly(1, 2);
        assertThat(dogs.get(1).id()).as("the id after version 1's, %d", dogs.get(0).id())
                .isEqualTo(dogs.get(0).id() + 1);
    }

    private static int page(String ctid) {
        return Integer.parseInt(ctid.substring(1, ctid.indexOf(',')));
    }

    @Test
    void the_status_reports_committed_rows_waiting_for_their_ids_and_how_long_the_oldest_has_waited()
            throws Exception {
        assertThat(recorder.status(Duration.ofSeconds(1))).isEqualTo(RecorderStatus.up());
        holdLock();
        // Three transactions' rows without ids (one insert each, autocommit), which the sweep cannot number.
        insertDirectly(UUID.randomUUID(), 1, 3);
        Thread.sleep(3_000);
        RecorderStatus held = recorder.status(Duration.ofSeconds(1));
        assertThat(held.available()).isTrue();
        assertThat(held.waiting()).isEqualTo(3);
        assertThat(held.longestWait()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        releaseLock();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorder.status(Duration.ofSeconds(1)).waiting() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(recorder.status(Duration.ofSeconds(1))).isEqualTo(RecorderStatus.up());
        assertThat(recorder.maxNotificationId()).isEqualTo(3);
    }

    @Test
    void the_status_is_down_naming_the_sequencer_once_it_is_stopped() {
        factory.close();
        RecorderStatus status = recorder.status(Duration.ofSeconds(1));
        assertThat(status.available()).isFalse();
        assertThat(status.problem()).hasValue("The sequencer of table " + table + " is stopped");
    }

    private static int item(String ctid) {
        return Integer.parseInt(ctid.substring(ctid.indexOf(',') + 1, ctid.length() - 1));
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private void holdLock() throws SQLException {
        execute("SELECT pg_advisory_lock(" + PostgresDialect.lockKey(table) + ")");
    }

    private void releaseLock() throws SQLException {
        execute("SELECT pg_advisory_unlock(" + PostgresDialect.lockKey(table) + ")");
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = other.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Inserts the saves in one statement each, as the library does, in {@code other}'s transaction. */
    private void insertDirectly(List<List<StoredEvent>> saves) throws SQLException {
        insertDirectly(other, saves);
    }

    private void insertDirectly(Connection connection, List<List<StoredEvent>> saves) throws SQLException {
        for (List<StoredEvent> save : saves) {
            try (PreparedStatement insert = connection.prepareStatement(PostgresDialect.insertEvents(table))) {
                PostgresDialect.bindEvents(connection, insert, 1, save);
                insert.executeUpdate();
            }
        }
    }

    private void insertDirectly(UUID id, int from, int to) throws SQLException {
        try (PreparedStatement insert = other.prepareStatement("INSERT INTO " + table
                + " (originator_id, originator_version, topic, state) VALUES (?, ?, 'test.Happened', '\\x7b7d')")) {
            for (int version = from; version <= to; version++) {
                insert.setObject(1, id);
                insert.setInt(2, version);
                insert.executeUpdate();
            }
        }
    }

    private List<String> ctids(UUID id) throws SQLException {
        List<String> ctids = new ArrayList<>();
        try (PreparedStatement select = other.prepareStatement("SELECT ctid FROM " + table
                + " WHERE originator_id = ? ORDER BY originator_version")) {
            select.setObject(1, id);
            try (ResultSet results = select.executeQuery()) {
                while (results.next()) {
                    ctids.add(results.getString(1));
                }
            }
        }
        return ctids;
    }

    private static List<StoredEvent> events(UUID id, int from, int to) {
        List<StoredEvent> events = new ArrayList<>();
        for (int v = from; v <= to; v++) {
            events.add(new StoredEvent(id, v, "test.Happened", "{}".getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }
}
