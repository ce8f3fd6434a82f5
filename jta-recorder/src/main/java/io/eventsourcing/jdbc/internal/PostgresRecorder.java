package io.eventsourcing.jdbc.internal;

import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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
 * <p>Requires READ COMMITTED, PostgreSQL's default: numbering must see what committed before it took the lock.
 * Thread-safe; {@link #close()} numbers what is pending and stops the sequencer.
 */
final class PostgresRecorder extends JdbcApplicationRecorder {

    /** How long a reader waits for committed rows to be numbered before it reads what is numbered. */
    private static final long READER_WAIT_MILLIS = 10_000;

    private final String insertTracking;
    private final String insertEvents;
    private final String insertEventsWithTracking;
    private final String selectAll;
    private final String selectTopics;
    private final Sequencer sequencer;
    /** The key of this recorder's keys to number among the JTA transaction's resources. */
    private final Object resourceKey = new Object();

    PostgresRecorder(Connections connections, ContainerTransactions transactions, Tables tables) {
        super(connections, transactions, tables);
        String lock = "SELECT pg_advisory_xact_lock(" + Postgres.lockKey(table) + ");\n";
        String maxId = "(SELECT COALESCE(max(notification_id), 0) AS max_id FROM " + table + ") AS m";
        this.insertTracking = Postgres.insertTracking(trackingTable);
        // Where each row went, in the order inserted (the executor returns rows as it inserts them; were it ever
        // otherwise, numbering would find other keys at those places and leave the rows to the sweep).
        this.insertEvents = Postgres.insertEvents(table) + " RETURNING ctid";
        this.insertEventsWithTracking = insertTracking + ";\n" + insertEvents;
        // Each row is found where its insert put it (a TID scan, no index lookup), if it is still there with the same
        // key and no id: rows already numbered by a sweep are skipped, so the ids stay dense, and a row that has moved
        // since (VACUUM FULL, CLUSTER) is left to the sweep. The check is a scalar subquery, which the planner keeps
        // per row, rather than a join it could turn into a scan of every row without an id.
        String number = lock + "UPDATE " + table + " AS t SET notification_id = m.max_id + n.rn FROM"
                + " (SELECT e.tid, row_number() OVER (ORDER BY e.ord) AS rn"
                + " FROM unnest(?::tid[], ?::uuid[], ?::integer[]) WITH ORDINALITY"
                + " AS e(tid, originator_id, originator_version, ord)"
                + " WHERE (SELECT u.notification_id IS NULL AND u.originator_id = e.originator_id"
                + " AND u.originator_version = e.originator_version FROM " + table + " AS u WHERE u.ctid = e.tid)"
                + ") AS n, " + maxId + " WHERE t.ctid = n.tid";
        // Orphans (see Sequencer) in the order of the transactions that inserted them, each one's rows together
        // in insertion order: xmin is the inserting transaction, as these rows were never updated.
        String sweep = lock + "UPDATE " + table + " AS t SET notification_id = m.max_id + n.rn FROM"
                + " (SELECT originator_id, originator_version,"
                + " row_number() OVER (ORDER BY xmin::text::bigint, ctid) AS rn"
                + " FROM " + table + " WHERE notification_id IS NULL) AS n, " + maxId
                + " WHERE t.originator_id = n.originator_id AND t.originator_version = n.originator_version";
        String unnumbered = "SELECT 1 FROM " + table + " WHERE notification_id IS NULL LIMIT 1";
        this.sequencer = new Sequencer(connections, table, number, sweep, unnumbered, READER_WAIT_MILLIS);
        sequencer.start();
        this.selectAll = selectNotifications + " ORDER BY notification_id LIMIT ?";
        this.selectTopics = selectNotifications + " AND topic = ANY(?) ORDER BY notification_id LIMIT ?";
    }

    @Override
    void insertLocal(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        List<String> tids = insert(connection, events, tracking);
        if (!events.isEmpty()) {
            Sequencer.Keys keys = new Sequencer.Keys();
            keys.add(events, tids);
            sequencer.committed(keys);
        }
    }

    /** Inserts, and queues the rows to be numbered when the JTA transaction commits. */
    @Override
    void insertJoined(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
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
    private List<String> insert(Connection connection, List<StoredEvent> events, Tracking tracking)
            throws SQLException {
        String sql = events.isEmpty() ? insertTracking : tracking == null ? insertEvents : insertEventsWithTracking;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = tracking == null ? 1 : bindTracking(insert, tracking);
            if (events.isEmpty()) {
                insert.execute();
                return List.of();
            }
            Postgres.bindEvents(connection, insert, index, events);
            // With a tracking row first, its update count comes before the events' rows.
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
    void beforeReadingLog() {
        sequencer.awaitNumbered();
    }

    @Override
    void close() {
        sequencer.close();
    }

    private static int bindTracking(PreparedStatement statement, Tracking tracking) throws SQLException {
        statement.setString(1, tracking.applicationName());
        statement.setLong(2, tracking.notificationId());
        return 3;
    }

    @Override
    String notificationsSql(int topicCount) {
        return topicCount == 0 ? selectAll : selectTopics;
    }

    @Override
    int bindTopics(PreparedStatement statement, int index, Set<String> topics) throws SQLException {
        if (topics.isEmpty()) {
            return index;
        }
        statement.setArray(index, statement.getConnection().createArrayOf("text", topics.toArray(new String[0])));
        return index + 1;
    }

    @Override
    void setUuid(PreparedStatement statement, int index, UUID id) throws SQLException {
        Postgres.setUuid(statement, index, id);
    }

    @Override
    UUID getUuid(ResultSet results, int index) throws SQLException {
        return Postgres.getUuid(results, index);
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
        return Postgres.isUniqueViolation(e);
    }

}
