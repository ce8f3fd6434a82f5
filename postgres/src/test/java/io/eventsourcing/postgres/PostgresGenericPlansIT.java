package io.eventsourcing.postgres;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbering and the sweep on a server that plans every statement generically, as it does with a prepared
 * statement after a few runs: what a stopped process left is numbered within seconds, and live saves with it. Seen
 * in CI: with the transactions to sweep bound as an array, the server tested each row against each of them, under
 * the lock every sequencer needs (86 s for 10,000 transactions of 10 rows), so the rows without ids piled up.
 */
class PostgresGenericPlansIT {

    private static final int ORPHANS = 10_000;
    private static final int ROWS = 10;

    private String database;
    private Connection admin;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = "es_generic_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        admin = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            statement.execute("ALTER DATABASE " + database + " SET plan_cache_mode = force_generic_plan");
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            admin.close();
        }
    }

    @Test
    void what_a_stopped_process_left_is_numbered_within_seconds_and_live_saves_with_it() throws Exception {
        Map<String, String> settings = TestPostgres.settings();
        settings.put(PostgresSettings.DBNAME, database);
        String table = settings.get(PostgresSettings.SCHEMA) + ".stored_events";
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(Settings.of(settings));
             Connection stopped = DriverManager.getConnection(TestPostgres.jdbcUrl(database), TestPostgres.user(),
                     TestPostgres.password());
             Statement statement = stopped.createStatement()) {
            ApplicationRecorder recorder = factory.applicationRecorder();
            try (ResultSet mode = statement.executeQuery("SHOW plan_cache_mode")) {
                mode.next();
                assertThat(mode.getString(1)).isEqualTo("force_generic_plan");
            }
            // What a process killed before numbering leaves: committed transactions, their rows without ids.
            statement.execute("SET synchronous_commit = off");
            for (int i = 0; i < ORPHANS; i++) {
                statement.execute("INSERT INTO " + table + " (originator_id, originator_version, topic, state)"
                        + " SELECT '" + UUID.randomUUID() + "', v, 'test.Left', '\\x00'::bytea"
                        + " FROM generate_series(1, " + ROWS + ") AS v");
            }
            UUID live = UUID.randomUUID();
            List<StoredEvent> saved = new ArrayList<>();
            for (int version = 1; version <= 3; version++) {
                saved.add(new StoredEvent(live, version, "test.Saved", new byte[] {1}));
            }
            recorder.insertEvents(saved);

            long total = ORPHANS * ROWS + saved.size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (recorder.maxNotificationId() < total && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(recorder.maxNotificationId()).as("numbered within 30 s").isEqualTo(total);
            try (ResultSet left = statement.executeQuery("SELECT count(*) FROM " + table
                    + " WHERE notification_id IS NULL")) {
                left.next();
                assertThat(left.getLong(1)).as("rows without an id").isZero();
            }
            List<Notification> log = recorder.selectNotifications(1, (int) total);
            assertThat(log).hasSize((int) total);
            List<Notification> ours = log.stream().filter(n -> n.originatorId().equals(live)).toList();
            assertThat(ours).extracting(Notification::originatorVersion).containsExactly(1, 2, 3);
            assertThat(ours.get(2).id() - ours.get(0).id()).as("the save at consecutive ids").isEqualTo(2);
        }
    }
}
