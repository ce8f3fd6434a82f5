package io.eventsourcing.postgres.internal;

import io.eventsourcing.container.Container;
import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.persistence.StoredEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Numbers, after they commit, the rows that joined JTA transactions inserted without notification ids.
 *
 * <p>Why after the commit: a lock taken before the commit (the Python library's table lock, or numbering in
 * {@code beforeCompletion}) is held through the commit's disk flush, so commits happen one at a time. Here the
 * caller's transaction commits without any lock, alongside others (PostgreSQL flushes them together), and one
 * background thread then numbers the rows of every transaction committed since its last run, in one statement
 * under the table's advisory lock, {@code max + 1 ..}. Runs are serialised by the lock and each sees the ones before
 * it, so ids are dense and a reader that has seen id N never later finds a smaller one; rows are invisible to
 * readers until numbered. Numbering finds each row where its insert put it ({@code ctid}, no index lookup); a row
 * moved since (VACUUM FULL, CLUSTER) is left to the sweep.
 *
 * <p>The order is the order of insertion ({@link PostgresDialect#INSERT_SEQ}), never where rows are stored: each
 * transaction's rows together, in the order its saves gave them, and the transactions by their last insertion. A
 * numbering also takes along the earlier versions of its aggregates that are committed without ids (another
 * process committed them and has not numbered them yet), first. So whichever process numbers them, every
 * aggregate's versions are numbered in order.
 *
 * <p>Readers in this process first wait for the transactions committed before they started to be numbered
 * ({@link #awaitNumbered()}), so a process reads its own writes in the log. Rows that a process committed but did
 * not number (it stopped, or the database failed meanwhile) are numbered by a sweep that every process runs every
 * second ({@link #start()}), taking only the transactions it saw with rows without ids at its previous look too,
 * each whole, so that it does not race live sequencers for what they are about to number. The numbering thread
 * comes from the container's managed thread factory when it has one ({@link Container#threadFactory}). Thread-safe.
 */
final class Sequencer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
    /** Keys numbered in one statement at most. */
    private static final int MAX_BATCH = 10_000;
    private static final long RETRY_MILLIS = 1_000;
    /** How often a sweep looks for rows without ids; it numbers those it saw at its last look. */
    private static final long SWEEP_MILLIS = 1_000;
    /** Transactions a sweep looks at, at most. */
    static final int MAX_SWEEP = 10_000;
    /**
     * Transactions a sweep numbers in one statement at most: the statement holds the lock every sequencer needs,
     * for about 70 ms per 1,000 transactions of 10 rows.
     */
    private static final int SWEEP_STATEMENT = 1_000;

    private final Connections connections;
    private final String table;
    private final String number;
    private final Function<List<String>, String> sweep;
    private final String look;
    private final long waitMillis;
    /** Committed transactions' keys in ticket order; guarded by itself. */
    private final ArrayDeque<Keys> committed = new ArrayDeque<>();
    /** The ticket of the last transaction queued; written under {@link #committed}'s lock. */
    private volatile long enqueued;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /**
     * The transactions with rows without ids at the sweep's last look, each with when a look first saw it
     * ({@link System#nanoTime()}); replaced whole by the numbering thread, read by {@link #waiting()}.
     */
    private volatile Map<String, Long> lastLook = Map.of();
    private final ScheduledThreadPoolExecutor executor;
    private final Object monitor = new Object();
    /** The ticket of the last transaction a numbering tried, whether or not it succeeded: readers wait for no more. */
    private volatile long attempted;

    /**
     * @param number     numbers the rows bound as four arrays ({@code ctid}s, originator ids, versions, the index of
     *                   the transaction), and the earlier versions of their aggregates not numbered yet, skipping
     *                   rows already numbered and rows no longer at their {@code ctid}
     * @param sweep      the statement that numbers the rows without ids of the transactions named (their ids
     *                   as text, digits only), in their order
     * @param look       selects the transactions with rows without ids now (their ids as text), those to number
     *                   first first, at most {@link #MAX_SWEEP}
     * @param waitMillis how long a reader waits for numbering before it reads what is numbered
     */
    Sequencer(Connections connections, String table, String number, Function<List<String>, String> sweep,
              String look,
              long waitMillis) {
        this.connections = connections;
        this.table = table;
        this.number = number;
        this.sweep = sweep;
        this.look = look;
        this.waitMillis = waitMillis;
        this.executor = new ScheduledThreadPoolExecutor(1,
                Container.current().threadFactory("eventsourcing-sequencer " + table));
    }

    /**
     * One committed transaction's rows, in save order: where each was inserted ({@code ctid}, so numbering finds it
     * without an index lookup) and its key (which numbering checks, in case the row has moved since).
     */
    static final class Keys {
        private final List<String> tids = new ArrayList<>();
        private final List<UUID> ids = new ArrayList<>();
        private final List<Integer> versions = new ArrayList<>();
        private long ticket;

        /** Adds the rows of one insert: its events, and the {@code ctid}s it returned, in the same order. */
        void add(List<StoredEvent> events, List<String> insertedTids) {
            tids.addAll(insertedTids);
            for (int i = 0, n = events.size(); i < n; i++) {
                ids.add(events.get(i).originatorId());
                versions.add(events.get(i).originatorVersion());
            }
        }

        int size() {
            return ids.size();
        }
    }

    /** Called on the committing thread, after the commit: queues the rows and wakes the numbering thread. */
    void committed(Keys keys) {
        // The ticket and the place in the queue are taken together, so that the queue is in ticket order: once the
        // transaction with ticket N is numbered, so is every transaction queued before it.
        synchronized (committed) {
            keys.ticket = enqueued + 1;
            committed.addLast(keys);
            enqueued = keys.ticket;
        }
        schedule(0);
    }

    /** Starts the sweep: it looks now, and every second, in the background. */
    void start() {
        executor.scheduleWithFixedDelay(this::sweepOrphans, 0, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Numbers the rows of the transactions that had committed rows without ids at the last look already and still
     * have them, each transaction whole, if a cheap look (the notification id index) finds any. So a sweep leaves
     * alone what a live process committed a moment ago and is about to number, and numbers a stopped process's
     * rows within about two looks. A transaction is numbered whole since its rows all became visible at once, when
     * it committed; and with it the ones it must come after, which committed before it was inserted, so were seen
     * at the same look (or are numbered). On the numbering thread.
     */
    private void sweepOrphans() {
        try {
            Map<String, Long> seen = new LinkedHashMap<>();
            Map<String, Long> before = lastLook;
            long now = System.nanoTime();
            Connection connection = connections.acquire();
            try (PreparedStatement select = connection.prepareStatement(look);
                 ResultSet results = select.executeQuery()) {
                while (results.next()) {
                    String transaction = results.getString(1);
                    if (transaction.isEmpty() || !transaction.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        throw new IllegalStateException("Not a transaction id: " + transaction);
                    }
                    seen.put(transaction, before.getOrDefault(transaction, now));
                }
            } finally {
                connections.release(connection);
            }
            List<String> due = new ArrayList<>(seen.keySet());
            due.retainAll(before.keySet());
            lastLook = Map.copyOf(seen);
            for (int from = 0; from < due.size(); from += SWEEP_STATEMENT) {
                execute(sweep.apply(due.subList(from, Math.min(due.size(), from + SWEEP_STATEMENT))),
                        statement -> { });
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot number the unnumbered rows of " + table
                    + "; trying again in " + SWEEP_MILLIS + " ms: " + e.getMessage(), e);
        }
    }

    /** @return whether the numbering thread runs: it was not stopped, and its sweep is scheduled */
    boolean running() {
        return !executor.isShutdown();
    }

    /** @return how many committed transactions had rows without ids at the sweep's last look */
    int waiting() {
        return lastLook.size();
    }

    /**
     * @return how long the oldest of the transactions with rows without ids at the sweep's last look has been seen
     *         to wait, by looks a second apart; zero if none
     */
    Duration longestWait() {
        long now = System.nanoTime();
        return lastLook.values().stream().min(Long::compare).map(first -> Duration.ofNanos(now - first))
                .orElse(Duration.ZERO);
    }

    /**
     * Waits until the transactions that committed in this process before the call are numbered, at most the wait
     * time, and no longer once a numbering of them failed (then the log shows them a little later, after the retry
     * or the sweep; it never shows them out of order).
     */
    void awaitNumbered() {
        long ticket = enqueued;
        if (attempted >= ticket) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        synchronized (monitor) {
            while (attempted < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void schedule(long delayMillis) {
        if (scheduled.compareAndSet(false, true) && !executor.isShutdown()) {
            executor.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** On the numbering thread: numbers everything queued, in batches. */
    private void drain() {
        // Cleared before reading the queue: a transaction queued from now on schedules another run.
        scheduled.set(false);
        ArrayDeque<Keys> batch = new ArrayDeque<>();
        while (true) {
            batch.clear();
            int size = 0;
            synchronized (committed) {
                for (Keys keys; size < MAX_BATCH && (keys = committed.pollFirst()) != null; ) {
                    batch.addLast(keys);
                    size += keys.size();
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            String[] tids = new String[size];
            UUID[] ids = new UUID[size];
            Integer[] versions = new Integer[size];
            Integer[] transactions = new Integer[size];
            int i = 0;
            int transaction = 0;
            for (Keys keys : batch) {
                for (int k = 0, n = keys.size(); k < n; k++, i++) {
                    tids[i] = keys.tids.get(k);
                    ids[i] = keys.ids.get(k);
                    versions[i] = keys.versions.get(k);
                    transactions[i] = transaction;
                }
                transaction++;
            }
            try {
                execute(number, statement -> {
                    Connection connection = statement.getConnection();
                    statement.setArray(1, connection.createArrayOf("tid", tids));
                    statement.setArray(2, connection.createArrayOf("uuid", ids));
                    statement.setArray(3, connection.createArrayOf("int4", versions));
                    statement.setArray(4, connection.createArrayOf("int4", transactions));
                });
            } catch (SQLException | RuntimeException e) {
                // Put them back, in order, and try again later: the rows wait unnumbered, invisible to readers.
                synchronized (committed) {
                    for (var it = batch.descendingIterator(); it.hasNext(); ) {
                        committed.addFirst(it.next());
                    }
                }
                synchronized (monitor) {
                    attempted = Math.max(attempted, batch.getLast().ticket);
                    monitor.notifyAll();
                }
                LOG.log(System.Logger.Level.WARNING, "Cannot number " + size + " committed events in " + table
                        + "; trying again in " + RETRY_MILLIS + " ms: " + e.getMessage(), e);
                schedule(RETRY_MILLIS);
                return;
            }
            synchronized (monitor) {
                attempted = Math.max(attempted, batch.getLast().ticket);
                monitor.notifyAll();
            }
        }
    }

    /** Binds a statement's parameters. */
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void execute(String sql, Binder binder) throws SQLException {
        Connection connection = connections.acquireWriter();
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            // One round trip in autocommit: the server runs the lock and the update as one implicit transaction.
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                statement.execute();
            }
        } finally {
            connections.releaseWriter(connection);
        }
    }

    /** Numbers what is queued, then stops the numbering thread. */
    @Override
    public void close() {
        schedule(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
