package io.eventsourcing.postgres.internal;

import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.jdbc.spi.DataKeyChanges;
import io.eventsourcing.jdbc.spi.ContainerTransactions;
import io.eventsourcing.jdbc.spi.InTransaction;
import io.eventsourcing.jdbc.spi.JdbcApplicationRecorder;
import io.eventsourcing.jdbc.spi.Tables;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.RecorderStatus;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Subscription;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The PostgreSQL application and process recorder.
 *
 * <p>A save inserts its rows without notification ids, in one round trip: in its own transaction (autocommit),
 * or in the caller's JTA transaction. Once that transaction has committed, the {@link Sequencer} numbers the rows
 * in the background, {@code max + 1 ..} under a transaction-level advisory lock on the table, batching every
 * transaction committed since its last run. So no lock is held while a save's transaction runs or commits: writers
 * are never serialised, neither by the caller's business work nor by the commit's disk flush, and PostgreSQL
 * flushes their commits together. Numbering runs one at a time and each sees the ones before it, so ids are
 * dense where nothing rolls back and a reader that has seen id N never later finds a smaller one. Rows without ids
 * are invisible to readers; readers in this process first wait for what committed before they read.
 *
 * <p>Each numbering (the sequencer's and the sweep's) also sends one {@code NOTIFY} on the table's channel
 * ({@link PostgresDialect#channel}), which the server delivers when the numbering commits, so that
 * {@link #subscribe} subscribers in every process hear of new notifications at once ({@link Listener}).
 *
 * <p>Requires READ COMMITTED, PostgreSQL's default: numbering must see what committed before it took the lock.
 * Thread-safe; {@link #close()} stops listening, numbers what is pending and stops the sequencer.
 */
final class PostgresRecorder extends JdbcApplicationRecorder {

    /** How long a reader waits for committed rows to be numbered before it reads what is numbered. */
    private static final long READER_WAIT_MILLIS = 10_000;

    private final String insertTracking;
    private final String insertEvents;
    private final String insertEventsWithTracking;
    /** The same, after an insert of new data keys, in the same round trip. */
    private final String insertKeysAndEvents;
    private final String insertKeysAndEventsWithTracking;
    /** The constraint a second key of a subject violates. */
    private final String dataKeysPrimaryKey;
    private final String selectAll;
    private final String selectTopics;
    private final Sequencer sequencer;
    private final String selectLastVersions;
    private final Listener listener;
    /** The key of this recorder's keys to number among the JTA transaction's resources. */
    private final Object resourceKey = new Object();

    PostgresRecorder(PostgresDialect dialect, Connections connections, ContainerTransactions transactions,
                     Tables tables) {
        super(dialect, connections, transactions, tables);
        // The lock, and for this transaction only, plans that find rows by where they are (ctid), never by scanning
        // the table: a plan made while the table was small (a generic plan cached by the server-prepared statement)
        // would otherwise go on hashing the whole table at every numbering as it grows. And one notification per
        // numbering, never per row, which the server delivers to listeners only once the numbering has committed.
        String channel = PostgresDialect.channel(table);
        String lock = "SELECT pg_advisory_xact_lock(" + PostgresDialect.lockKey(table) + "),"
                + " set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),"
                + " set_config('enable_mergejoin', 'off', true), pg_notify('" + channel + "', '');\n";
        String maxId = "(SELECT COALESCE(max(notification_id), 0) AS max_id FROM " + table + ") AS m";
        this.insertTracking = PostgresDialect.insertTracking(trackingTable);
        // Where each row went, in the order inserted (the executor returns rows as it inserts them; were it ever
        // otherwise, numbering would find other keys at those places and leave the rows to the sweep).
        this.insertEvents = PostgresDialect.insertEvents(table) + " RETURNING ctid";
        this.insertEventsWithTracking = insertTracking + ";\n" + insertEvents;
        String insertKeys = "INSERT INTO " + tables.qualified(tables.dataKeys()) + " (subject_id, wrapped)"
                + " SELECT * FROM unnest(?::uuid[], ?::bytea[])";
        this.insertKeysAndEvents = insertKeys + ";\n" + insertEvents;
        this.insertKeysAndEventsWithTracking = insertKeys + ";\n" + insertEventsWithTracking;
        this.dataKeysPrimaryKey = tables.dataKeys() + "_pkey";
        String seq = PostgresDialect.INSERT_SEQ;
        String xact = PostgresDialect.INSERT_XACT;
        // The rows of the committed transactions queued, in groups (one a transaction): each row found where its
        // insert put it (a TID scan, no index lookup, in a scalar subquery the planner keeps per row rather than a
        // join it could turn into a scan of every row without an id), if it is still there with the same key and
        // no id: rows another process numbered meanwhile are skipped, so the ids stay dense, and a row that has
        // moved since (VACUUM FULL, CLUSTER) is left to the sweep.
        String batch = "b AS MATERIALIZED (SELECT tid, originator_id, originator_version, grp, seq,"
                + " lag(originator_version) OVER (PARTITION BY originator_id ORDER BY originator_version) AS below"
                + " FROM (SELECT e.tid, e.originator_id, e.originator_version, e.grp,"
                + " (SELECT r." + seq + " FROM " + table + " AS r WHERE r.ctid = e.tid AND r.notification_id IS NULL"
                + " AND r.originator_id = e.originator_id AND r.originator_version = e.originator_version) AS seq"
                + " FROM unnest(?::tid[], ?::uuid[], ?::integer[], ?::integer[])"
                + " AS e(tid, originator_id, originator_version, grp) OFFSET 0) AS f WHERE seq IS NOT NULL)";
        // The earlier versions of those aggregates that are committed but not numbered and not in the batch (another
        // process committed them and has not numbered them yet, or stopped first): numbered first, so that no
        // aggregate's versions are ever numbered out of order. Each walk starts below a batch row whose version
        // before it is not in the batch, and goes down while the rows have no id: a numbered row's earlier versions
        // are all numbered, since every numbering takes them along. None starts at a version 1: a new aggregate has
        // nothing before it, so a batch of new aggregates looks for nothing.
        String earlier = "w(tid, originator_id, originator_version, seq, xact, below, start) AS ("
                + "SELECT tid, originator_id, originator_version, seq, NULL::xid8, below, true FROM b"
                + " WHERE originator_version > 1 AND (below IS NULL OR below <> originator_version - 1)"
                + " UNION ALL SELECT q.ctid, q.originator_id, q.originator_version, q." + seq + ", q." + xact
                + ", w.below, false FROM w, LATERAL (SELECT r.ctid, r.originator_id, r.originator_version, r." + seq
                + ", r." + xact + ", r.notification_id FROM " + table + " AS r WHERE r.originator_id = w.originator_id"
                + " AND r.originator_version < w.originator_version ORDER BY r.originator_version DESC LIMIT 1) AS q"
                + " WHERE q.notification_id IS NULL AND (w.below IS NULL OR q.originator_version > w.below))";
        // The order: each transaction's rows together (those of the batch, and those taken along), in the order
        // inserted; the transactions by their last row's insertion. A row inserted after another transaction
        // committed comes after all of that transaction's rows, which keeps every aggregate's versions in order,
        // even where this process queued the later transaction first (a thread can be slow to queue its commit).
        String number = lock + "WITH RECURSIVE " + batch + ", " + earlier + ", n AS ("
                + "SELECT s.tid, row_number() OVER (ORDER BY s.last, s.seq) AS rn FROM ("
                + "SELECT tid, seq, max(seq) OVER (PARTITION BY grp) AS last FROM b"
                + " UNION ALL SELECT tid, seq, max(seq) OVER (PARTITION BY xact) FROM w WHERE NOT start) AS s)"
                + " UPDATE " + table + " AS t SET notification_id = m.max_id + n.rn FROM n, " + maxId
                + " WHERE t.ctid = n.tid";
        // Orphans (see Sequencer): the rows of the transactions named, whole, in the same order. The transactions
        // are written into the statement, not bound: the server hashes a constant array, but tests a bound one
        // (in a generic plan, which it caches after a few runs) element by element for every row without an id,
        // which took 86 s under the lock for 10,000 transactions of 10 rows, while every sequencer waited.
        String sweepBefore = lock + "UPDATE " + table + " AS t SET notification_id = m.max_id + n.rn FROM"
                + " (SELECT tid, row_number() OVER (ORDER BY last, seq) AS rn FROM (SELECT ctid AS tid, " + seq
                + " AS seq, max(" + seq + ") OVER (PARTITION BY " + xact + ") AS last FROM " + table
                + " WHERE notification_id IS NULL AND " + xact + " = ANY('{";
        String sweepAfter = "}'::xid8[])) AS s) AS n, " + maxId + " WHERE t.ctid = n.tid";
        Function<List<String>, String> sweep = xacts -> sweepBefore + String.join(",", xacts)
                + sweepAfter;
        // The transactions with rows without ids now, in the order the sweep would number them: so the first of
        // them, however many are left out, include every transaction that must come before one of them.
        String look = "SELECT " + xact + "::text FROM " + table + " WHERE notification_id IS NULL GROUP BY " + xact
                + " ORDER BY max(" + seq + ") LIMIT " + Sequencer.MAX_SWEEP;
        this.sequencer = new Sequencer(connections, table, number, sweep, look, READER_WAIT_MILLIS);
        this.listener = new Listener(connections, table, channel);
        sequencer.start();
        this.selectAll = selectNotifications + " ORDER BY notification_id LIMIT ?";
        this.selectLastVersions = "SELECT i.id, l.v FROM unnest(?::uuid[]) AS i(id), LATERAL (SELECT"
                + " r.originator_version AS v FROM " + table + " AS r WHERE r.originator_id = i.id ORDER BY"
                + " r.originator_version DESC LIMIT 1) AS l";
        this.selectTopics = selectNotifications + " AND topic = ANY(?) ORDER BY notification_id LIMIT ?";
    }

    /**
     * With work to run first, in a transaction of its own (else the insert's one round trip commits itself); but new
     * data keys, with nothing forgotten, go in the events' round trip, which the server runs as one transaction.
     */
    @Override
    protected void insertLocal(Connection connection, List<StoredEvent> events, List<Tracking> tracking,
                               InTransaction first) throws SQLException {
        List<String> tids;
        if (first == null) {
            tids = insert(connection, events, tracking);
        } else if (first instanceof DataKeyChanges keys && keys.forgotten().isEmpty() && !events.isEmpty()) {
            tids = insertWithKeys(connection, keys.newKeys(), events, tracking);
        } else {
            List<List<String>> inserted = new ArrayList<>(1);
            dialect.inLocalTransaction(connection, c -> {
                first.run(c);
                inserted.add(events.isEmpty() && tracking.isEmpty() ? List.of() : insert(c, events, tracking));
            });
            tids = inserted.get(0);
        }
        if (!events.isEmpty()) {
            Sequencer.Keys keys = new Sequencer.Keys();
            keys.add(events, tids);
            sequencer.committed(keys);
        }
    }

    /**
     * One round trip: the new data keys, then the events (and tracking).
     *
     * @throws IntegrityException naming the subject if one of them has a key already
     */
    private List<String> insertWithKeys(Connection connection, List<DataKey> newKeys, List<StoredEvent> events,
                                        List<Tracking> tracking) throws SQLException {
        try {
            return insert(connection, newKeys, events, tracking);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (!dialect.isUniqueViolation(e) || !message.contains(dataKeysPrimaryKey)) {
                throw e;
            }
            DataKey conflicting = newKeys.get(0);
            for (DataKey key : newKeys) {
                // PostgreSQL's detail reads: Key (subject_id)=(<id>) already exists.
                if (message.contains("=(" + key.subjectId() + ")")) {
                    conflicting = key;
                    break;
                }
            }
            throw IntegrityException.keyConflict(conflicting.subjectId(), e);
        }
    }

    /** Inserts, and queues the rows to be numbered when the JTA transaction commits. */
    @Override
    protected void insertJoined(Connection connection, List<StoredEvent> events, List<Tracking> tracking)
            throws SQLException {
        List<String> tids = insert(connection, events, tracking);
        if (events.isEmpty()) {
            return;
        }
        Sequencer.Keys keys = (Sequencer.Keys) transactions.getResource(resourceKey);
        if (keys == null) {
            Sequencer.Keys transactionKeys = new Sequencer.Keys();
            transactions.putResource(resourceKey, transactionKeys);
            transactions.afterCommit(() -> sequencer.committed(transactionKeys));
            keys = transactionKeys;
        }
        keys.add(events, tids);
    }

    /**
     * One round trip: the tracking row if any, then the events, without notification ids.
     *
     * @return where the events' rows were inserted ({@code ctid}s), in the events' order
     */
    private List<String> insert(Connection connection, List<StoredEvent> events, List<Tracking> tracking)
            throws SQLException {
        return insert(connection, List.of(), events, tracking);
    }

    /**
     * One round trip: the new data keys if any (with events), the tracking row if any, then the events, without
     * notification ids.
     *
     * @return where the events' rows were inserted ({@code ctid}s), in the events' order
     */
    private List<String> insert(Connection connection, List<DataKey> newKeys, List<StoredEvent> events,
                                List<Tracking> tracking) throws SQLException {
        String sql = events.isEmpty() ? insertTracking : !newKeys.isEmpty()
                ? tracking.isEmpty() ? insertKeysAndEvents : insertKeysAndEventsWithTracking
                : tracking.isEmpty() ? insertEvents : insertEventsWithTracking;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = 1;
            if (!newKeys.isEmpty()) {
                index = bindKeys(connection, insert, newKeys);
            }
            index = tracking.isEmpty() ? index : bindTracking(insert, index, tracking);
            if (events.isEmpty()) {
                insert.execute();
                return List.of();
            }
            PostgresDialect.bindEvents(connection, insert, index, events);
            // With data keys or a tracking row first, their update counts come before the events' rows.
            boolean rows = insert.execute();
            while (!rows && insert.getUpdateCount() != -1) {
                rows = insert.getMoreResults();
            }
            List<String> tids = new ArrayList<>(events.size());
            try (ResultSet results = insert.getResultSet()) {
                while (results.next()) {
                    tids.add(results.getString(1));
                }
            }
            return tids;
        }
    }

    @Override
    protected void beforeReadingLog() {
        sequencer.awaitNumbered();
    }

    /**
     * Calls the listener after each numbering of rows of the table, by any process, has committed (one call may
     * stand for several), and once each time the recorder (again) listens; see {@link Listener}.
     */
    @Override
    public Subscription subscribe(Runnable listener) {
        return this.listener.subscribe(listener);
    }

    /**
     * As every JDBC recorder's, and {@code DOWN} when the sequencer is stopped; with the transactions whose rows
     * wait for their ids, as the sequencer's sweep last saw them.
     */
    @Override
    public RecorderStatus status(Duration timeout) {
        RecorderStatus status = sequencer.running() ? super.status(timeout)
                : RecorderStatus.down("The sequencer of table " + table + " is stopped");
        return status.withWaiting(sequencer.waiting(), sequencer.longestWait());
    }

    @Override
    public void close() {
        listener.close();
        sequencer.close();
    }

    /** Binds the tracking records' application and ids from {@code index}; @return the next index */
    private static int bindTracking(PreparedStatement statement, int index, List<Tracking> tracking)
            throws SQLException {
        String applicationName = tracking.get(0).applicationName();
        Long[] ids = new Long[tracking.size()];
        for (int i = 0; i < ids.length; i++) {
            Tracking t = tracking.get(i);
            if (!t.applicationName().equals(applicationName)) {
                throw new IllegalArgumentException("Tracking records of one upstream application at a time, not "
                        + applicationName + " and " + t.applicationName());
            }
            ids[i] = t.notificationId();
        }
        statement.setString(index, applicationName);
        statement.setArray(index + 1, statement.getConnection().createArrayOf("int8", ids));
        return index + 2;
    }

    /** Binds the data keys as two arrays from index 1; @return the next index */
    private static int bindKeys(Connection connection, PreparedStatement statement, List<DataKey> keys)
            throws SQLException {
        UUID[] subjects = new UUID[keys.size()];
        byte[][] wrapped = new byte[keys.size()][];
        for (int i = 0; i < subjects.length; i++) {
            subjects[i] = keys.get(i).subjectId();
            wrapped[i] = keys.get(i).wrapped();
        }
        statement.setArray(1, connection.createArrayOf("uuid", subjects));
        statement.setArray(2, connection.createArrayOf("bytea", wrapped));
        return 3;
    }

    /** One statement: per id, one backward lookup in the primary key (committed rows, with ids or not yet). */
    @Override
    public Map<UUID, Integer> selectLastVersions(Collection<UUID> originatorIds) {
        if (originatorIds.isEmpty()) {
            return Map.of();
        }
        try {
            Connection connection = acquireForReading();
            try (PreparedStatement select = connection.prepareStatement(selectLastVersions)) {
                select.setArray(1, connection.createArrayOf("uuid", originatorIds.toArray(new UUID[0])));
                Map<UUID, Integer> last = new HashMap<>();
                try (ResultSet results = select.executeQuery()) {
                    while (results.next()) {
                        last.put((UUID) results.getObject(1), results.getInt(2));
                    }
                }
                return last;
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw failure("select the last versions of " + originatorIds.size() + " aggregates from", e);
        }
    }

    @Override
    protected String notificationsSql(int topicCount) {
        return topicCount == 0 ? selectAll : selectTopics;
    }

    @Override
    protected int bindTopics(PreparedStatement statement, int index, Set<String> topics) throws SQLException {
        if (topics.isEmpty()) {
            return index;
        }
        statement.setArray(index, statement.getConnection().createArrayOf("text", topics.toArray(new String[0])));
        return index + 1;
    }

}
