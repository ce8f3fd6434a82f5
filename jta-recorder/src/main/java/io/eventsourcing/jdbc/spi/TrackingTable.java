package io.eventsourcing.jdbc.spi;

import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The tracking and dead-letters tables' statements, which process applications' and read models' recorders share.
 * Immutable.
 */
final class TrackingTable {

    /** The table, as SQL refers to it. */
    final String table;
    /** The unqualified name, which names its primary key constraint. */
    private final String name;
    private final String selectMax;
    private final String selectOne;
    private final String insertOne;
    private final String deadLetters;
    private final String insertDeadLetter;
    private final String selectDeadLetters;
    private final String deleteDeadLetter;

    TrackingTable(Tables tables) {
        this.table = tables.qualified(tables.tracking());
        this.name = tables.tracking();
        this.selectMax = "SELECT max(notification_id) FROM " + table + " WHERE application_name = ?";
        this.selectOne = "SELECT 1 FROM " + table + " WHERE application_name = ? AND notification_id = ?";
        this.insertOne = "INSERT INTO " + table + " (application_name, notification_id) VALUES (?, ?)";
        this.deadLetters = tables.qualified(tables.deadLetters());
        String columns = "application_name, notification_id, topic, originator_id, originator_version, error";
        this.insertDeadLetter = "INSERT INTO " + deadLetters + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?)";
        this.selectDeadLetters = "SELECT " + columns + " FROM " + deadLetters
                + " WHERE application_name = ? ORDER BY notification_id";
        this.deleteDeadLetter = "DELETE FROM " + deadLetters + " WHERE application_name = ? AND notification_id = ?";
    }

    /**
     * Runs the work in the caller's JTA transaction if one is active (marking it rollback-only if the work throws);
     * without one, in a JTA transaction begun for it where the container offers a way to begin one (so that JPA on
     * its DataSource joins the work: a projection on the library's threads), else in a local transaction of its own.
     *
     * @param doing what the work does, for the message of a failed commit
     */
    static void inTransaction(Dialect dialect, Connections connections, ContainerTransactions transactions,
                              String doing, InTransaction work) throws SQLException {
        if (transactions.isActive()) {
            joined(connections, transactions, work);
        } else if (!transactions.runInNewTransaction(doing, () -> joined(connections, transactions, work))) {
            Connection connection = connections.acquireWriter();
            try {
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                dialect.inLocalTransaction(connection, work);
            } finally {
                connections.releaseWriter(connection);
            }
        }
    }

    /** Runs the work in the active JTA transaction, on its connection, marking it rollback-only if the work throws. */
    private static void joined(Connections connections, ContainerTransactions transactions, InTransaction work)
            throws SQLException {
        Connection connection = connections.acquire();
        try {
            work.run(connection);
        } catch (SQLException | RuntimeException e) {
            transactions.setRollbackOnly();
            throw e;
        } finally {
            connections.release(connection);
        }
    }

    /** Inserts the tracking records one by one (the rare path: a dead letter's). */
    void insert(Connection connection, Dialect dialect, List<Tracking> tracking) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertOne)) {
            for (Tracking t : tracking) {
                insert.setString(1, t.applicationName());
                insert.setLong(2, t.notificationId());
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (dialect.isUniqueViolation(e)) {
                        throw IntegrityException.trackingConflict(t, e);
                    }
                    throw e;
                }
            }
        }
    }

    /** Inserts the tracking records and the dead letter, in a transaction as {@link #inTransaction} runs them. */
    void insertDeadLetter(Dialect dialect, Connections connections, ContainerTransactions transactions,
                          List<Tracking> tracking, DeadLetter letter) {
        try {
            inTransaction(dialect, connections, transactions, "insert a dead letter into " + deadLetters,
                    connection -> {
                insert(connection, dialect, tracking);
                try (PreparedStatement insert = connection.prepareStatement(insertDeadLetter)) {
                    insert.setString(1, letter.applicationName());
                    insert.setLong(2, letter.notificationId());
                    insert.setString(3, letter.topic());
                    insert.setString(4, letter.originatorId().toString());
                    insert.setInt(5, letter.originatorVersion());
                    insert.setString(6, letter.error());
                    insert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw deadLettersFailure("insert the dead letter of notification " + letter.notificationId() + " of "
                    + letter.applicationName() + " into", e);
        }
    }

    List<DeadLetter> selectDeadLetters(Connections connections, ContainerTransactions transactions,
                                       String applicationName) {
        try {
            Connection connection = connections.acquireForReading(transactions);
            try (PreparedStatement select = connection.prepareStatement(selectDeadLetters)) {
                select.setString(1, applicationName);
                List<DeadLetter> letters = new ArrayList<>();
                try (ResultSet results = select.executeQuery()) {
                    while (results.next()) {
                        letters.add(new DeadLetter(results.getString(1), results.getLong(2), results.getString(3),
                                UUID.fromString(results.getString(4)), results.getInt(5), results.getString(6)));
                    }
                }
                return letters;
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw deadLettersFailure("select the dead letters of " + applicationName + " from", e);
        }
    }

    void deleteDeadLetter(Dialect dialect, Connections connections, ContainerTransactions transactions,
                          String applicationName, long notificationId) {
        try {
            inTransaction(dialect, connections, transactions, "delete a dead letter from " + deadLetters,
                    connection -> {
                try (PreparedStatement delete = connection.prepareStatement(deleteDeadLetter)) {
                    delete.setString(1, applicationName);
                    delete.setLong(2, notificationId);
                    delete.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw deadLettersFailure("delete the dead letter of notification " + notificationId + " of "
                    + applicationName + " from", e);
        }
    }

    private DatabaseException deadLettersFailure(String doing, SQLException e) {
        return new DatabaseException(deadLetters, "Cannot %s table %s: %s".formatted(doing, deadLetters,
                e.getMessage()), e);
    }

    /** @return the highest notification id of that upstream application tracked, on a reading connection */
    long max(Connections connections, ContainerTransactions transactions, String applicationName) {
        Objects.requireNonNull(applicationName, "applicationName");
        try {
            Connection connection = connections.acquireForReading(transactions);
            try {
                return max(connection, applicationName);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw failure("select the highest tracked notification of " + applicationName + " from", e);
        }
    }

    /** @return whether that notification of that upstream application is tracked, on a reading connection */
    boolean has(Connections connections, ContainerTransactions transactions, String applicationName,
                long notificationId) {
        Objects.requireNonNull(applicationName, "applicationName");
        try {
            Connection connection = connections.acquireForReading(transactions);
            try {
                return has(connection, applicationName, notificationId);
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw failure("select notification " + notificationId + " of " + applicationName + " from", e);
        }
    }

    long max(Connection connection, String applicationName) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(selectMax)) {
            select.setString(1, applicationName);
            try (ResultSet results = select.executeQuery()) {
                return results.next() ? results.getLong(1) : 0;
            }
        }
    }

    boolean has(Connection connection, String applicationName, long notificationId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(selectOne)) {
            select.setString(1, applicationName);
            select.setLong(2, notificationId);
            try (ResultSet results = select.executeQuery()) {
                return results.next();
            }
        }
    }

    /** @return whether the unique violation in this message is of this table */
    boolean isConflict(String message) {
        return message.contains(name + "_pkey") || message.contains(name + ".");
    }

    DatabaseException failure(String doing, SQLException e) {
        return new DatabaseException(table, "Cannot %s table %s: %s".formatted(doing, table, e.getMessage()), e);
    }
}
