package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.Counters;
import io.eventsourcing.persistence.tck.Universe;
import io.eventsourcing.postgres.internal.ListeningSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A follower in another process ({@link PushFollower}, a forked JVM) that never polls ({@code poll-interval=0})
 * processes each save made here at once: the numbering's NOTIFY prompts it. And again after its listening session
 * was terminated on the server: it listens again by itself.
 */
class PostgresPushIT {

    /** How long a save may take to be processed: a liveness bound, pushes take milliseconds. */
    private static final long PROCESSED_WITHIN_SECONDS = 10;

    private final List<Process> followers = new ArrayList<>();
    private Path log;

    @AfterEach
    void stopFollowers() throws Exception {
        for (Process follower : followers) {
            follower.getOutputStream().close();
            if (!follower.waitFor(30, TimeUnit.SECONDS)) {
                follower.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void a_follower_in_another_process_that_never_polls_processes_each_save_made_here() throws Exception {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings); Counters counters = new Counters(settings)) {
            UUID earth = universe.createWorld("Earth");
            startFollower(settings);
            for (int i = 1; i <= 20; i++) {
                saveAndAwaitProcessed(universe, counters, earth, "thing " + i);
            }
            assertThat(counters.count("thing 20")).isEqualTo(1);
        }
    }

    @Test
    void after_its_listening_session_is_terminated_the_follower_listens_again_and_processes_what_is_saved()
            throws Exception {
        Map<String, String> settings = settings();
        String table = settings.get(PostgresSettings.SCHEMA) + ".universe_events";
        try (Universe universe = new Universe(settings); Counters counters = new Counters(settings);
             Connection sql = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                     TestPostgres.password())) {
            UUID earth = universe.createWorld("Earth");
            startFollower(settings);
            saveAndAwaitProcessed(universe, counters, earth, "before");
            int session = await(() -> listeningSession(sql, table, 0), "the follower's listening session");

            assertThat(query(sql, "SELECT pg_terminate_backend(" + session + ")")).isEqualTo(1);
            await(() -> Files.readString(log).contains("Lost the session listening for new notifications in "
                    + table) ? 1 : 0, "the follower's warning naming the table");
            await(() -> listeningSession(sql, table, session), "another listening session");
            // The first save might be found by the call after listening again; the others only by pushes.
            for (int i = 1; i <= 3; i++) {
                saveAndAwaitProcessed(universe, counters, earth, "after " + i);
            }
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(TestPostgres.settings());
        settings.put("eventsourcing.poll-interval", "0");
        return settings;
    }

    private void saveAndAwaitProcessed(Universe universe, Counters counters, UUID world, String what)
            throws Exception {
        universe.makeItSo(world, what);
        long id = universe.notificationLog().maxNotificationId();
        await(() -> counters.position("Universe") == id ? 1 : 0,
                "the follower in the other process processing notification " + id + " (" + what + ")");
    }

    private void startFollower(Map<String, String> settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), PushFollower.class.getName()));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        log = Files.createTempFile(Files.createDirectories(Path.of("target", "push-followers")), "follower", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        followers.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("following")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("The follower did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** @return the pid of the session listening for the table's notifications, other than {@code not}; or 0 */
    private static int listeningSession(Connection sql, String table, int not) throws SQLException {
        try (PreparedStatement select = sql.prepareStatement("SELECT pid FROM pg_stat_activity"
                + " WHERE application_name = ? AND pid <> ?")) {
            select.setString(1, ListeningSessions.applicationName(table));
            select.setInt(2, not);
            try (ResultSet results = select.executeQuery()) {
                return results.next() ? results.getInt(1) : 0;
            }
        }
    }

    private static int query(Connection sql, String select) throws SQLException {
        try (PreparedStatement statement = sql.prepareStatement(select); ResultSet results = statement.executeQuery()) {
            results.next();
            return results.getBoolean(1) ? 1 : 0;
        }
    }

    /** A value to wait for: 0 until then. */
    private interface Probe {
        long get() throws Exception;
    }

    /** @return the probe's first value other than 0, within the liveness bound */
    private int await(Probe probe, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROCESSED_WITHIN_SECONDS);
        while (true) {
            long value = probe.get();
            if (value != 0) {
                return (int) value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + PROCESSED_WITHIN_SECONDS + " s for " + what
                        + "; the follower's output:\n" + Files.readString(log));
            }
            Thread.sleep(5);
        }
    }
}
