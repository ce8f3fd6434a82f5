package io.eventsourcing.jdbc.internal;

import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQLite application and process recorder. SQLite lets one writer at a time hold its write lock, from the
 * first write until the commit, so ids can be assigned at insert (the rowid, max + 1): transactions commit in id
 * order and a reader never finds a smaller id after a larger one. In a joined JTA transaction the lock is held
 * until the container commits; SQLite allows nothing better. Thread-safe.
 */
final class SqliteRecorder extends JdbcApplicationRecorder {

    /** Selects with up to this many topics are prepared once. */
    private static final int CACHED_TOPIC_COUNTS = 8;

    private final String insertEvents;
    private final String insertTracking;
    private final String[] selectByTopicCount = new String[CACHED_TOPIC_COUNTS + 1];

    SqliteRecorder(Connections connections, ContainerTransactions transactions, Tables tables) {
        super(connections, transactions, tables);
        this.insertEvents = Sqlite.insertEvents(table);
        this.insertTracking = Sqlite.insertTracking(trackingTable);
        for (int i = 0; i <= CACHED_TOPIC_COUNTS; i++) {
            selectByTopicCount[i] = buildNotificationsSql(i);
        }
    }

    @Override
    void insertLocal(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        Sqlite.inTransaction(connection, insertEvents, insertTracking, events, tracking);
    }

    @Override
    void insertJoined(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        Sqlite.insert(connection, insertEvents, insertTracking, events, tracking);
    }

    @Override
    String notificationsSql(int topicCount) {
        return topicCount <= CACHED_TOPIC_COUNTS ? selectByTopicCount[topicCount] : buildNotificationsSql(topicCount);
    }

    private String buildNotificationsSql(int topicCount) {
        StringBuilder sql = new StringBuilder(selectNotifications);
        if (topicCount > 0) {
            sql.append(" AND topic IN (?");
            sql.append(", ?".repeat(topicCount - 1));
            sql.append(')');
        }
        return sql.append(" ORDER BY notification_id LIMIT ?").toString();
    }

    @Override
    int bindTopics(PreparedStatement statement, int index, Set<String> topics) throws SQLException {
        int next = index;
        for (String topic : topics) {
            statement.setString(next++, topic);
        }
        return next;
    }

    @Override
    void setUuid(PreparedStatement statement, int index, UUID id) throws SQLException {
        statement.setBytes(index, Sqlite.bytes(id));
    }

    @Override
    UUID getUuid(ResultSet results, int index) throws SQLException {
        return Sqlite.getUuid(results, index);
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
        return Sqlite.isUniqueViolation(e);
    }
}
