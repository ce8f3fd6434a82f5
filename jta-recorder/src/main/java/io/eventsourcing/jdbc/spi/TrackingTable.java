package io.eventsourcing.jdbc.spi;

import io.eventsourcing.jdbc.DatabaseException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The tracking table's statements, which process applications' and read models' recorders share. Immutable. */
final class TrackingTable {

    /** The table, as SQL refers to it. */
    final String table;
    /** The unqualified name, which names its primary key constraint. */
    private final String name;
    private final String selectMax;
    private final String selectOne;

    TrackingTable(Tables tables) {
        this.table = tables.qualified(tables.tracking());
        this.name = tables.tracking();
        this.selectMax = "SELECT max(notification_id) FROM " + table + " WHERE application_name = ?";
        this.selectOne = "SELECT 1 FROM " + table + " WHERE application_name = ? AND notification_id = ?";
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
