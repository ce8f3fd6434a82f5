package io.eventsourcing.sqlite.internal;

import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.jdbc.spi.ContainerTransactions;
import io.eventsourcing.jdbc.spi.InTransaction;
import io.eventsourcing.jdbc.spi.JdbcApplicationRecorder;
import io.eventsourcing.jdbc.spi.Tables;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

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

    SqliteRecorder(SqliteDialect dialect, Connections connections, ContainerTransactions transactions,
                   Tables tables) {
        super(dialect, connections, transactions, tables);
        this.insertEvents = SqliteDialect.insertEvents(table);
        this.insertTracking = SqliteDialect.insertTracking(trackingTable);
        for (int i = 0; i <= CACHED_TOPIC_COUNTS; i++) {
            selectByTopicCount[i] = buildNotificationsSql(i);
        }
    }

    @Override
    protected void insertLocal(Connection connection, List<StoredEvent> events, List<Tracking> tracking,
                               InTransaction first) throws SQLException {
        dialect.inLocalTransaction(connection, c -> {
            if (first != null) {
                first.run(c);
            }
            SqliteDialect.insert(c, insertEvents, insertTracking, events, tracking);
        });
    }

    @Override
    protected void insertJoined(Connection connection, List<StoredEvent> events, List<Tracking> tracking)
            throws SQLException {
        SqliteDialect.insert(connection, insertEvents, insertTracking, events, tracking);
    }

    @Override
    protected String notificationsSql(int topicCount) {
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
    protected int bindTopics(PreparedStatement statement, int index, Set<String> topics) throws SQLException {
        int next = index;
        for (String topic : topics) {
            statement.setString(next++, topic);
        }
        return next;
    }
}
