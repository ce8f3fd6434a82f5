package io.eventsourcing.jdbc.spi;

import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the JDBC recorders of every database share: selecting an aggregate's events, getting and giving back
 * connections, joining the container's JTA transaction or running a local one, and turning driver errors into
 * ours. A subclass writes; the snapshot store is this with the {@link Dialect}'s plain inserts. Thread-safe.
 */
public abstract class JdbcAggregateRecorder implements AggregateRecorder {

    protected final Dialect dialect;
    protected final Connections connections;
    protected final ContainerTransactions transactions;
    /** The table, as SQL refers to it. */
    protected final String table;
    private final String selectAscending;
    private final String selectDescending;

    protected JdbcAggregateRecorder(Dialect dialect, Connections connections, ContainerTransactions transactions,
                                    String table) {
        this.dialect = dialect;
        this.connections = connections;
        this.transactions = transactions;
        this.table = table;
        String select = "SELECT originator_version, topic, state FROM " + table
                + " WHERE originator_id = ? AND originator_version > ? AND originator_version <= ?"
                + " ORDER BY originator_version";
        this.selectAscending = select + " LIMIT ?";
        this.selectDescending = select + " DESC LIMIT ?";
    }

    /**
     * Inserts within the caller's JTA transaction: neither commits nor rolls back.
     *
     * @throws IntegrityException if a row is already stored (the caller marks the transaction rollback-only)
     */
    protected abstract void insertJoined(Connection connection, List<StoredEvent> events, List<Tracking> tracking)
            throws SQLException;

    /**
     * Inserts in a transaction of its own, committed before it returns; nothing remains if it throws.
     *
     * @param first work to run first in that transaction (the data keys), or {@code null}; with it, the events and
     *              tracking records may both be empty
     * @throws IntegrityException if a row is already stored
     */
    protected abstract void insertLocal(Connection connection, List<StoredEvent> events, List<Tracking> tracking,
                                        InTransaction first) throws SQLException;

    /** Releases what the recorder runs itself (not the connections, which the backend owns). */
    public void close() {
    }

    @Override
    public void insertEvents(List<StoredEvent> events) {
        insert(events, List.of(), null);
    }

    /**
     * Inserts in the caller's JTA transaction if one is active (marking it rollback-only on failure), else in one of
     * its own ({@link #insertLocal}).
     *
     * @param tracking the tracking records, none for a save of an application's own
     * @param first    work to run first in the same transaction (data keys, a snapshot's subjects), or {@code null}
     */
    protected final void insert(List<StoredEvent> events, List<Tracking> tracking, InTransaction first) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty() && tracking.isEmpty() && first == null) {
            return;
        }
        if (transactions.isActive()) {
            try {
                Connection connection = connections.acquire();
                try {
                    if (first != null) {
                        first.run(connection);
                    }
                    if (!events.isEmpty() || !tracking.isEmpty()) {
                        insertJoined(connection, events, tracking);
                    }
                } finally {
                    connections.release(connection);
                }
            } catch (SQLException | RuntimeException e) {
                transactions.setRollbackOnly();
                throw e instanceof SQLException sql ? insertFailure(sql, events, tracking) : (RuntimeException) e;
            }
        } else {
            try {
                Connection connection = connections.acquireWriter();
                try {
                    if (!connection.getAutoCommit()) {
                        connection.setAutoCommit(true);
                    }
                    insertLocal(connection, events, tracking, first);
                } finally {
                    connections.releaseWriter(connection);
                }
            } catch (SQLException e) {
                throw insertFailure(e, events, tracking);
            }
        }
    }

    /** After the JTA transaction the calling thread's inserts joined, if one is active; else at once. */
    @Override
    public void afterCommit(Runnable action) {
        if (transactions.isActive()) {
            transactions.afterCommit(action);
        } else {
            action.run();
        }
    }

    @Override
    public List<StoredEvent> selectEvents(UUID originatorId, EventRange range) {
        Objects.requireNonNull(originatorId, "originatorId");
        try {
            Connection connection = acquireForReading();
            try (PreparedStatement select = connection.prepareStatement(
                    range.descending() ? selectDescending : selectAscending)) {
                dialect.setUuid(select, 1, originatorId);
                select.setInt(2, range.after());
                select.setInt(3, range.upTo());
                select.setInt(4, range.limit());
                List<StoredEvent> events = new ArrayList<>();
                try (ResultSet results = select.executeQuery()) {
                    while (results.next()) {
                        events.add(new StoredEvent(originatorId, results.getInt(1), results.getString(2),
                                results.getBytes(3)));
                    }
                }
                return events;
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw failure("select the events of aggregate " + originatorId + " from", e);
        }
    }

    /**
     * In one statement: {@code max(originator_version)} of the ids listed, grouped (a database may do better, as
     * PostgreSQL does with one index lookup per id).
     */
    @Override
    public Map<UUID, Integer> selectLastVersions(Collection<UUID> originatorIds) {
        if (originatorIds.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT originator_id, max(originator_version) FROM " + table + " WHERE originator_id IN (?"
                + ", ?".repeat(originatorIds.size() - 1) + ") GROUP BY originator_id";
        try {
            Connection connection = acquireForReading();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int index = 1;
                for (UUID id : originatorIds) {
                    dialect.setUuid(select, index++, id);
                }
                Map<UUID, Integer> last = new HashMap<>();
                try (ResultSet results = select.executeQuery()) {
                    while (results.next()) {
                        last.put(dialect.getUuid(results, 1), results.getInt(2));
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

    /** A connection for a read: the JTA transaction's if one is active (it sees the caller's own writes). */
    protected final Connection acquireForReading() throws SQLException {
        return connections.acquireForReading(transactions);
    }

    /** @return an IntegrityException naming what was already stored, or a DatabaseException */
    RuntimeException insertFailure(SQLException e, List<StoredEvent> events, List<Tracking> tracking) {
        if (!dialect.isUniqueViolation(e)) {
            return failure("insert " + events.size() + " events into", e);
        }
        String message = String.valueOf(e.getMessage());
        if (!tracking.isEmpty() && (events.isEmpty() || isTrackingConflict(message))) {
            return IntegrityException.trackingConflict(tracking.get(0), e);
        }
        StoredEvent conflicting = events.get(0);
        for (StoredEvent event : events) {
            // PostgreSQL's detail reads: Key (originator_id, originator_version)=(<id>, <version>) already exists.
            if (message.contains("=(" + event.originatorId() + ", " + event.originatorVersion() + ")")) {
                conflicting = event;
                break;
            }
        }
        return IntegrityException.versionConflict(conflicting.originatorId(), conflicting.originatorVersion(),
                conflicting.topic(), e);
    }

    /** @return whether the unique violation in this message is of the tracking table */
    boolean isTrackingConflict(String message) {
        return false;
    }

    protected final DatabaseException failure(String doing, SQLException e) {
        return new DatabaseException(table, "Cannot %s table %s: %s".formatted(doing, table, e.getMessage()), e);
    }
}
