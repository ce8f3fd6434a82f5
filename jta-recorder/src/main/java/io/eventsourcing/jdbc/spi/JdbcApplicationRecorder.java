package io.eventsourcing.jdbc.spi;

import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.RecorderStatus;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the application and process recorders of every database share: reading the notification log and the
 * tracking records, and keeping the data keys of personal data in their own table, written in the events'
 * transaction. How ids are assigned, which is what keeps the log's ordering guarantee, is each database's.
 * Thread-safe.
 */
public abstract class JdbcApplicationRecorder extends JdbcAggregateRecorder implements ProcessRecorder,
        DataKeyRecorder {

    /** The tracking table, as SQL refers to it. */
    protected final String trackingTable;
    private final TrackingTable tracking;
    private final DataKeyTable dataKeys;
    private final String selectMaxNotificationId;
    private final String probe;
    /** The select of notifications from an id to an id, to which a database adds topics, order and limit. */
    protected final String selectNotifications;

    protected JdbcApplicationRecorder(Dialect dialect, Connections connections, ContainerTransactions transactions,
                                      Tables tables) {
        super(dialect, connections, transactions, tables.qualified(tables.events()));
        this.tracking = new TrackingTable(tables);
        this.trackingTable = tracking.table;
        this.dataKeys = new DataKeyTable(tables);
        this.selectMaxNotificationId = "SELECT max(notification_id) FROM " + table;
        this.probe = "SELECT 1 FROM " + table + " LIMIT 1";
        // Rows a joined JTA transaction has inserted but not yet numbered have no id and are not selected.
        this.selectNotifications = "SELECT notification_id, originator_id, originator_version, topic, state FROM "
                + table + " WHERE notification_id >= ? AND notification_id <= ?";
    }

    /** @return the select for notifications with {@code topicCount} topics (0 for any), ordered, with a limit */
    protected abstract String notificationsSql(int topicCount);

    /** Binds the topics from {@code index}; @return the next index */
    protected abstract int bindTopics(PreparedStatement statement, int index, Set<String> topics) throws SQLException;

    @Override
    public void insertEvents(List<StoredEvent> events, List<Tracking> tracking) {
        if (tracking.isEmpty()) {
            throw new IllegalArgumentException("No tracking record to insert");
        }
        insert(events, tracking, null);
    }

    /** In the events' transaction: the caller's JTA transaction if one is active, else one of its own. */
    @Override
    public void insertEvents(List<StoredEvent> events, List<Tracking> tracking, List<DataKey> newKeys,
                             List<UUID> forgotten) {
        Objects.requireNonNull(newKeys, "newKeys");
        Objects.requireNonNull(forgotten, "forgotten");
        insert(events, tracking, newKeys.isEmpty() && forgotten.isEmpty() ? null
                : dataKeys.changes(dialect, newKeys, forgotten));
    }

    @Override
    public Optional<byte[]> selectDataKey(UUID subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        try {
            Connection connection = acquireForReading();
            try {
                return dataKeys.select(connection, dialect, subjectId);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new DatabaseException(dataKeys.table, "Cannot select the data key of subject %s from table %s: %s"
                    .formatted(subjectId, dataKeys.table, e.getMessage()), e);
        }
    }

    @Override
    public List<DataKey> selectDataKeys(UUID after, int limit) {
        try {
            Connection connection = acquireForReading();
            try {
                return dataKeys.select(connection, dialect, after, limit);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new DatabaseException(dataKeys.table, "Cannot select data keys after subject %s from table %s: %s"
                    .formatted(after, dataKeys.table, e.getMessage()), e);
        }
    }

    /** In the caller's JTA transaction if one is active, else in one of its own. */
    @Override
    public int rewrapDataKeys(List<Rewrapped> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        int[] replaced = new int[1];
        insert(List.of(), List.of(), connection -> replaced[0] = dataKeys.rewrap(connection, dialect, keys));
        return replaced[0];
    }

    /** Called before the log is read: a recorder that numbers rows after their commit waits for them here. */
    protected void beforeReadingLog() {
    }

    @Override
    public List<Notification> selectNotifications(long start, int limit, long stop, Set<String> topics) {
        Objects.requireNonNull(topics, "topics");
        beforeReadingLog();
        try {
            Connection connection = acquireForReading();
            try (PreparedStatement select = connection.prepareStatement(notificationsSql(topics.size()))) {
                select.setLong(1, start);
                select.setLong(2, stop);
                int next = bindTopics(select, 3, topics);
                select.setInt(next, limit);
                List<Notification> notifications = new ArrayList<>(Math.min(limit, 1000));
                try (ResultSet results = select.executeQuery()) {
                    while (results.next()) {
                        notifications.add(new Notification(results.getLong(1), dialect.getUuid(results, 2),
                                results.getInt(3), results.getString(4), results.getBytes(5)));
                    }
                }
                return notifications;
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw failure("select notifications from " + start + " in", e);
        }
    }

    @Override
    public long maxNotificationId() {
        beforeReadingLog();
        try {
            Connection connection = acquireForReading();
            try (PreparedStatement select = connection.prepareStatement(selectMaxNotificationId);
                 ResultSet results = select.executeQuery()) {
                return results.next() ? results.getLong(1) : 0;
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw failure("select the highest notification id in", e);
        }
    }

    /**
     * A cheap query on the events table, on a reading connection (outside any transaction of the caller's, such as a
     * health check's), with the timeout as its query timeout; {@code DOWN} too if getting the connection and the
     * answer took longer than the timeout.
     */
    @Override
    public RecorderStatus status(Duration timeout) {
        long start = System.nanoTime();
        try {
            Connection connection = acquireForReading();
            try (PreparedStatement select = connection.prepareStatement(probe)) {
                select.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
                select.executeQuery().close();
            } finally {
                connections.release(connection);
            }
        } catch (SQLException | RuntimeException e) {
            return RecorderStatus.down("Cannot select from table %s: %s".formatted(table, e.getMessage()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return took.compareTo(timeout) > 0
                ? RecorderStatus.down("Table %s answered in %d ms, more than the %d ms allowed"
                        .formatted(table, took.toMillis(), timeout.toMillis()))
                : RecorderStatus.up();
    }

    @Override
    public long maxTrackingId(String applicationName) {
        return tracking.max(connections, transactions, applicationName);
    }

    @Override
    public boolean hasTracking(String applicationName, long notificationId) {
        return tracking.has(connections, transactions, applicationName, notificationId);
    }

    @Override
    public void insertDeadLetter(List<Tracking> records, DeadLetter letter) {
        tracking.insertDeadLetter(dialect, connections, transactions, records, letter);
    }

    @Override
    public List<DeadLetter> selectDeadLetters(String applicationName) {
        return tracking.selectDeadLetters(connections, transactions, applicationName);
    }

    @Override
    public void deleteDeadLetter(String applicationName, long notificationId) {
        tracking.deleteDeadLetter(dialect, connections, transactions, applicationName, notificationId);
    }

    @Override
    boolean isTrackingConflict(String message) {
        return tracking.isConflict(message);
    }
}
