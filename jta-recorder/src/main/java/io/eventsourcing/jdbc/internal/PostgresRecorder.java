package io.eventsourcing.jdbc.internal;

import io.eventsourcing.jdbc.DatabaseException;
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
 * The PostgreSQL application and process recorder. Notification ids are assigned at commit time, under a
 * transaction-level advisory lock on the table that is held until the commit, so transactions commit in the order
 * of their ids and a reader never finds a smaller id after a larger one; ids are {@code max + 1 ..} so they stay
 * dense where nothing rolls back.
 *
 * <ul>
 * <li>Own transaction: one round trip, {@code SELECT pg_advisory_xact_lock(k); INSERT ... max + ordinality}, sent
 * in autocommit mode as one extended-protocol batch, which the server runs as one implicit transaction ending at
 * the batch's Sync. The lock is taken by its own statement first, so the insert's snapshot (READ COMMITTED: taken
 * per statement) sees every transaction numbered before it.</li>
 * <li>Joined JTA transaction: the rows are inserted at once without ids (a conflict shows at {@code save}), and
 * numbered just before the container commits, in an interposed {@code beforeCompletion}: the lock is held only
 * from then until the commit, not during the caller's business work. Rows without ids are invisible to readers.</li>
 * </ul>
 *
 * Requires READ COMMITTED, PostgreSQL's default: the numbering statement must see what committed before it took
 * the lock. Thread-safe.
 */
final class PostgresRecorder extends JdbcApplicationRecorder {

    private final long lockKey;
    private final String insertNumbered;
    private final String insertNumberedWithTracking;
    private final String insertTracking;
    private final String insertUnnumbered;
    private final String insertUnnumberedWithTracking;
    private final String number;
    private final String selectAll;
    private final String selectTopics;
    /** The key of this recorder's pending numbering among the JTA transaction's resources. */
    private final Object resourceKey = new Object();

    PostgresRecorder(Connections connections, ContainerTransactions transactions, Tables tables) {
        super(connections, transactions, tables);
        this.lockKey = Postgres.lockKey(table);
        String lock = "SELECT pg_advisory_xact_lock(" + lockKey + ");\n";
        String maxId = "(SELECT COALESCE(max(notification_id), 0) AS max_id FROM " + table + ") AS m";
        this.insertTracking = Postgres.insertTracking(trackingTable);
        this.insertNumbered = lock + "INSERT INTO " + table
                + " (originator_id, originator_version, topic, state, notification_id)"
                + " SELECT e.originator_id, e.originator_version, e.topic, e.state, m.max_id + e.ord FROM "
                + Postgres.UNNEST_EVENTS + ", " + maxId;
        this.insertNumberedWithTracking = insertTracking + ";\n" + insertNumbered;
        this.insertUnnumbered = Postgres.insertEvents(table);
        this.insertUnnumberedWithTracking = insertTracking + ";\n" + insertUnnumbered;
        this.number = lock + "UPDATE " + table + " AS t SET notification_id = m.max_id + e.ord"
                + " FROM unnest(?::uuid[], ?::integer[]) WITH ORDINALITY AS e(originator_id, originator_version, ord), "
                + maxId + " WHERE t.originator_id = e.originator_id AND t.originator_version = e.originator_version";
        this.selectAll = selectNotifications + " ORDER BY notification_id LIMIT ?";
        this.selectTopics = selectNotifications + " AND topic = ANY(?) ORDER BY notification_id LIMIT ?";
    }

    @Override
    void insertLocal(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        insert(connection, events, tracking, insertNumbered, insertNumberedWithTracking);
    }

    @Override
    void insertJoined(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        insert(connection, events, tracking, insertUnnumbered, insertUnnumberedWithTracking);
    }

    /** One round trip: the tracking row if any, then the events, with or without their notification ids. */
    private void insert(Connection connection, List<StoredEvent> events, Tracking tracking, String eventsSql,
                        String eventsWithTrackingSql) throws SQLException {
        String sql = events.isEmpty() ? insertTracking : tracking == null ? eventsSql : eventsWithTrackingSql;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = tracking == null ? 1 : bindTracking(insert, tracking);
            if (!events.isEmpty()) {
                Postgres.bindEvents(connection, insert, index, events);
            }
            insert.execute();
        }
    }

    @Override
    void joined(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Numbering numbering = (Numbering) transactions.getResource(resourceKey);
        if (numbering == null) {
            numbering = new Numbering();
            transactions.putResource(resourceKey, numbering);
            transactions.beforeCompletion(numbering);
        }
        numbering.add(events);
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

    /**
     * The events one JTA transaction saved through this recorder, in save order; numbered in one statement when
     * the transaction is about to commit. Used by the transaction's thread only.
     */
    private final class Numbering implements Runnable {
        private final List<UUID> ids = new ArrayList<>();
        private final List<Integer> versions = new ArrayList<>();

        void add(List<StoredEvent> events) {
            for (int i = 0, n = events.size(); i < n; i++) {
                ids.add(events.get(i).originatorId());
                versions.add(events.get(i).originatorVersion());
            }
        }

        @Override
        public void run() {
            try {
                Connection connection = connections.acquire();
                try (PreparedStatement update = connection.prepareStatement(number)) {
                    update.setArray(1, connection.createArrayOf("uuid", ids.toArray(new UUID[0])));
                    update.setArray(2, connection.createArrayOf("int4", versions.toArray(new Integer[0])));
                    update.execute();
                    // The first result is the lock's row; the second, the update's count.
                    int numbered = update.getMoreResults() ? -1 : update.getUpdateCount();
                    if (numbered != ids.size()) {
                        throw new DatabaseException(table, "Cannot number the %d events of this transaction in %s:"
                                .formatted(ids.size(), table) + " found " + numbered + " of them", null);
                    }
                } finally {
                    connections.release(connection);
                }
            } catch (SQLException e) {
                throw failure("number the " + ids.size() + " events of this transaction in", e);
            }
        }
    }
}
