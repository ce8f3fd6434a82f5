package io.eventsourcing.jdbc.spi;

import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.ProjectionRecorder;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A read model's recorder on any database of the JDBC recorders: the model's changes and the tracking records in the
 * caller's JTA transaction if one is active (the container's DataSource); else in a JTA transaction it begins where
 * the container offers a {@code TransactionManager} or {@code UserTransaction} (committed per call, rolled back if
 * the work throws), so that the model's JDBC and JPA work on that DataSource join it; else in a local transaction on
 * a connection of the pool. Thread-safe.
 */
public final class JdbcProjectionRecorder implements ProjectionRecorder {

    private final Dialect dialect;
    private final Connections connections;
    private final ContainerTransactions transactions;
    private final TrackingTable tracking;
    private final String insertOne;
    private final String insertTwo;
    private final String deleteAll;

    public JdbcProjectionRecorder(Dialect dialect, Connections connections, ContainerTransactions transactions,
                                  Tables tables) {
        this.dialect = dialect;
        this.connections = connections;
        this.transactions = transactions;
        this.tracking = new TrackingTable(tables);
        this.insertOne = "INSERT INTO " + tracking.table + " (application_name, notification_id) VALUES (?, ?)";
        this.insertTwo = insertOne + ", (?, ?)";
        this.deleteAll = "DELETE FROM " + tracking.table;
    }

    @Override
    public void process(List<Tracking> records, Work work) {
        if (records.isEmpty() || records.size() > 2) {
            throw new IllegalArgumentException("One or two tracking records to insert, not " + records.size());
        }
        inTransaction(work, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(records.size() == 1 ? insertOne : insertTwo)) {
                int index = 1;
                for (Tracking t : records) {
                    insert.setString(index++, t.applicationName());
                    insert.setLong(index++, t.notificationId());
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                if (dialect.isUniqueViolation(e)) {
                    throw IntegrityException.trackingConflict(records.get(0), e);
                }
                throw e;
            }
        }, "insert the tracking of notification " + records.get(records.size() - 1).notificationId() + " of "
                + records.get(0).applicationName() + " into");
    }

    @Override
    public void reset(Work work) {
        inTransaction(work, connection -> {
            try (Statement delete = connection.createStatement()) {
                delete.executeUpdate(deleteAll);
            }
        }, "delete the tracking from");
    }

    @Override
    public void run(Work work) {
        inTransaction(work, connection -> { }, "run a change of the read model over");
    }

    @Override
    public <T> T query(Query<T> query) {
        try {
            Connection connection = connections.acquireForReading(transactions);
            try {
                return query.run(connection);
            } finally {
                connections.release(connection);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void insertDeadLetter(List<Tracking> tracking, DeadLetter letter) {
        this.tracking.insertDeadLetter(dialect, connections, transactions, tracking, letter);
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
    public boolean transactional() {
        return true;
    }

    @Override
    public long maxTrackingId(String applicationName) {
        return tracking.max(connections, transactions, applicationName);
    }

    @Override
    public boolean hasTracking(String applicationName, long notificationId) {
        return tracking.has(connections, transactions, applicationName, notificationId);
    }

    /**
     * Runs {@code first}, then the work, in the caller's JTA transaction (marking it rollback-only if either throws);
     * without one, in a JTA transaction begun for it where the container offers a way to begin one (so that JPA on
     * its DataSource joins the work: a projection on the library's threads), else in a local one. The tracking goes
     * first: an instance that processes from the same position as another waits for the other's transaction at its
     * first insert and, once the other commits, conflicts there, before its work changed anything (else the work
     * could fail first on what the other's work inserted).
     */
    private void inTransaction(Work work, InTransaction first, String doing) {
        InTransaction all = connection -> {
            first.run(connection);
            try {
                work.run(connection);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new WorkFailed(e);
            }
        };
        try {
            TrackingTable.inTransaction(dialect, connections, transactions, doing + " " + tracking.table, all);
        } catch (WorkFailed e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (SQLException e) {
            throw tracking.failure(doing, e);
        }
    }

    /** A checked exception of the work, carried through {@link InTransaction}. */
    private static final class WorkFailed extends RuntimeException {
        WorkFailed(Exception cause) {
            super(cause);
        }
    }
}
