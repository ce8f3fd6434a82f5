package io.eventsourcing.jdbc.internal;

import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * SQLite's SQL for the recorders. UUIDs are stored as 16-byte blobs. Rows are inserted one statement each (SQLite
 * runs in the process, so there is no round trip to save), which tells exactly which row conflicted.
 */
final class Sqlite {

    /** Primary result code of a constraint violation; the driver may report an extended code. */
    private static final int SQLITE_CONSTRAINT = 19;

    private Sqlite() {
    }

    static String insertEvents(String table) {
        return "INSERT INTO " + table + " (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)";
    }

    static String insertTracking(String trackingTable) {
        return "INSERT INTO " + trackingTable + " (application_name, notification_id) VALUES (?, ?)";
    }

    /**
     * Inserts the tracking record (if any) and the events in the connection's current transaction.
     *
     * @throws IntegrityException naming the tracking record or the first event already stored
     */
    static void insert(Connection connection, String insertEvents, String insertTracking, List<StoredEvent> events,
                       Tracking tracking) throws SQLException {
        if (tracking != null) {
            try (PreparedStatement insert = connection.prepareStatement(insertTracking)) {
                insert.setString(1, tracking.applicationName());
                insert.setLong(2, tracking.notificationId());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw IntegrityException.trackingConflict(tracking, e);
                }
                throw e;
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertEvents)) {
            for (int i = 0, n = events.size(); i < n; i++) {
                StoredEvent event = events.get(i);
                insert.setBytes(1, bytes(event.originatorId()));
                insert.setInt(2, event.originatorVersion());
                insert.setString(3, event.topic());
                insert.setBytes(4, event.state());
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (isUniqueViolation(e)) {
                        throw IntegrityException.versionConflict(event.originatorId(), event.originatorVersion(),
                                event.topic(), e);
                    }
                    throw e;
                }
            }
        }
    }

    /**
     * Runs the inserts in a transaction of their own that takes SQLite's write lock at once ({@code BEGIN
     * IMMEDIATE}), waiting up to the busy timeout for another writer, so a write never fails half-way for want of
     * the lock. Rolls back if the inserts throw. The connection is in autocommit mode before and after.
     */
    static void inTransaction(Connection connection, String insertEvents, String insertTracking,
                              List<StoredEvent> events, Tracking tracking) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                insert(connection, insertEvents, insertTracking, events, tracking);
                statement.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollback(statement);
                }
            }
        }
    }

    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // The transaction is gone already (SQLite rolls back by itself on some errors); nothing to undo.
        }
    }

    static byte[] bytes(UUID id) {
        byte[] bytes = new byte[16];
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    static UUID getUuid(ResultSet results, int index) throws SQLException {
        byte[] bytes = results.getBytes(index);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[8 + i] & 0xff);
        }
        return new UUID(high, low);
    }

    static boolean isUniqueViolation(SQLException e) {
        return (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
    }

    static List<String> createEventsTable(Tables tables) {
        // notification_id is the rowid: SQLite gives max + 1 at insert, and one writer at a time commits.
        return List.of("CREATE TABLE IF NOT EXISTS " + tables.events() + " ("
                        + "notification_id INTEGER PRIMARY KEY, "
                        + "originator_id BLOB NOT NULL, "
                        + "originator_version INTEGER NOT NULL, "
                        + "topic TEXT NOT NULL, "
                        + "state BLOB NOT NULL)",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + tables.events() + "_aggregate_idx ON " + tables.events()
                        + " (originator_id, originator_version)");
    }

    static List<String> createSnapshotsTable(Tables tables) {
        return List.of("CREATE TABLE IF NOT EXISTS " + tables.snapshots() + " ("
                + "originator_id BLOB NOT NULL, "
                + "originator_version INTEGER NOT NULL, "
                + "topic TEXT NOT NULL, "
                + "state BLOB NOT NULL, "
                + "PRIMARY KEY (originator_id, originator_version)) WITHOUT ROWID");
    }

    static List<String> createTrackingTable(Tables tables) {
        return List.of("CREATE TABLE IF NOT EXISTS " + tables.tracking() + " ("
                + "application_name TEXT NOT NULL, "
                + "notification_id INTEGER NOT NULL, "
                + "PRIMARY KEY (application_name, notification_id)) WITHOUT ROWID");
    }

    /**
     * Runs the statements, then {@code then} (if not {@code null}), in one transaction that holds SQLite's write
     * lock from the start; rolls back if either throws.
     */
    static void createTables(Connection connection, List<String> ddl, InTransaction then) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                for (String sql : ddl) {
                    statement.execute(sql);
                }
                if (then != null) {
                    then.run(connection);
                }
                statement.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollback(statement);
                }
            }
        }
    }

    /** @return whether the table exists */
    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            select.setString(1, table);
            try (ResultSet results = select.executeQuery()) {
                return results.next();
            }
        }
    }
}
