package io.eventsourcing.postgres;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several processes (forked JVMs, {@link ProcessWriter}) write one table, each with its sequencer and its sweep; this
 * JVM tails the log (its sweep races theirs) and vacuums the table now and then, so that inserts find free space
 * on lower pages, as under autovacuum; every few seconds one writer is killed with {@code kill -9} and another
 * started. Then: no row without an id, ids dense, each aggregate's versions in order in the log, each save at
 * consecutive ids, and the tailing reader saw every id once, in order.
 */
class PostgresProcessesIT {

    private static final int WRITERS = 3;
    private static final int THREADS = 3;
    private static final int SHARED = 20;
    private static final long RUN_MILLIS = 24_000;
    private static final long KILL_EVERY_MILLIS = 3_000;
    private static final int MIN_KILLS = 4;

    private final Random random = new Random();
    private final List<Path> logs = new ArrayList<>();

    @Test
    void writers_in_several_processes_one_killed_now_and_then_keep_every_aggregate_in_version_order_in_the_log()
            throws Exception {
        Map<String, String> settings = TestPostgres.settings();
        String table = settings.get(PostgresSettings.SCHEMA) + ".stored_events";
        List<Notification> read = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        int killed = 0;
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(Settings.of(settings));
             Connection sql = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                     TestPostgres.password())) {
            ApplicationRecorder recorder = factory.applicationRecorder();   // creates the table first
            Thread reader = daemon("reader", errors, () -> tail(recorder, read, running));
            Thread vacuum = daemon("vacuum", errors, () -> vacuum(table, running));
            List<Process> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                writers.add(startWriter(settings));
            }
            reader.start();
            vacuum.start();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
            // At least MIN_KILLS kills, however long a loaded machine takes to start a writer JVM.
            while ((System.nanoTime() < end || killed < MIN_KILLS) && errors.isEmpty()) {
                Thread.sleep(KILL_EVERY_MILLIS / 2 + random.nextInt((int) KILL_EVERY_MILLIS));
                int victim = random.nextInt(WRITERS);
                writers.get(victim).destroyForcibly().waitFor();      // SIGKILL: no close, no numbering
                killed++;
                writers.set(victim, startWriter(settings));
            }
            writers.get(0).destroyForcibly().waitFor();
            killed++;
            for (Process writer : writers.subList(1, WRITERS)) {
                writer.getOutputStream().close();
                assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as("a writer stops when asked").isTrue();
                assertThat(writer.exitValue()).as("exit of a writer that stopped cleanly; its output: %s",
                        output()).isZero();
            }
            // What the killed writers committed but did not number is left to the sweeps (this JVM's now).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(sql, "SELECT count(*) FROM " + table + " WHERE notification_id IS NULL") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long rows = count(sql, "SELECT count(*) FROM " + table);
            while (size(read) < rows && System.nanoTime() < deadline && errors.isEmpty()) {
                Thread.sleep(100);
            }
            running.set(false);
            reader.join(30_000);
            vacuum.join(30_000);

            assertThat(errors).isEmpty();
            assertThat(count(sql, "SELECT count(*) FROM " + table + " WHERE notification_id IS NULL"))
                    .as("rows left without an id; the writers said: %s", last(output(), 4_000)).isZero();
            assertThat(rows).as("rows written").isGreaterThan(10_000);
            assertThat(count(sql, "SELECT max(notification_id) FROM " + table)).as("ids dense").isEqualTo(rows);
            // Every aggregate's versions in the order of the ids, in the table and as the tailing reader saw them.
            assertThat(count(sql, "SELECT count(DISTINCT originator_id) FROM (SELECT originator_id,"
                    + " originator_version - lag(originator_version) OVER (PARTITION BY originator_id"
                    + " ORDER BY notification_id) AS step FROM " + table + ") AS s WHERE step <> 1"))
                    .as("aggregates with versions out of order in the log").isZero();
            assertThat(read).hasSize((int) rows);
            assertInOrder(read);
        }
    }

    /** Reads the log from where it got to, checking that each id is the next one. */
    private static void tail(ApplicationRecorder recorder, List<Notification> read, AtomicBoolean running) {
        long next = 1;
        while (running.get()) {
            List<Notification> page = recorder.selectNotifications(next, 1_000);
            for (Notification n : page) {
                assertThat(n.id()).as("id read after %d", next - 1).isEqualTo(next);
                next++;
            }
            synchronized (read) {
                read.addAll(page);
            }
            if (page.isEmpty()) {
                sleep(5);
            }
        }
    }

    /** Now and then, as autovacuum would under load: the dead rows numbering leaves become free space. */
    private static void vacuum(String table, AtomicBoolean running) {
        try (Connection connection = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                TestPostgres.password()); Statement statement = connection.createStatement()) {
            while (running.get()) {
                statement.execute("VACUUM " + table);
                sleep(300);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each aggregate's versions 1, 2, ... in id order; each new aggregate's save, and each append, at consecutive ids. */
    private static void assertInOrder(List<Notification> read) {
        Map<UUID, Integer> versions = new HashMap<>();
        List<UUID> shared = new ArrayList<>();
        for (int i = 0; i < SHARED; i++) {
            shared.add(ProcessWriter.shared(i));
        }
        for (int i = 0; i < read.size(); i++) {
            Notification n = read.get(i);
            int expected = versions.merge(n.originatorId(), 1, Integer::sum);
            assertThat(n.originatorVersion()).as("version of %s at id %d", n.originatorId(), n.id())
                    .isEqualTo(expected);
            boolean isShared = shared.contains(n.originatorId());
            if (isShared ? expected % 2 == 1 : expected < ProcessWriter.EVENTS_PER_SAVE) {
                assertThat(read.get(i + 1).originatorId()).as("originator at id %d, in the save of id %d",
                        n.id() + 1, n.id()).isEqualTo(n.originatorId());
            }
        }
    }

    private Process startWriter(Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ProcessWriter.class.getName(),
                Integer.toString(THREADS), Integer.toString(SHARED)));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "process-writers")), "writer", ".log");
        logs.add(log);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // Started when it says so: a writer killed before it wrote anything would prove nothing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("writing")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("The writer did not start: " + Files.readString(log));
            }
            sleep(20);
        }
        return process;
    }

    private String output() throws IOException {
        StringBuilder output = new StringBuilder();
        for (Path log : logs) {
            output.append(Files.readString(log, StandardCharsets.UTF_8));
        }
        return output.toString();
    }

    private static String last(String text, int length) {
        return text.length() <= length ? text : "..." + text.substring(text.length() - length);
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet results = statement.executeQuery(sql)) {
            results.next();
            return results.getLong(1);
        }
    }

    private static int size(List<Notification> read) {
        synchronized (read) {
            return read.size();
        }
    }

    private static Thread daemon(String name, ConcurrentLinkedQueue<Throwable> errors, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
