package io.eventsourcing.jdbc.internal;

import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Stores snapshots in SQLite: an aggregate recorder without notification ids. Thread-safe. */
final class SqliteSnapshotRecorder extends JdbcAggregateRecorder {

    private final String insert;

    SqliteSnapshotRecorder(Connections connections, ContainerTransactions transactions, String table) {
        super(connections, transactions, table);
        this.insert = Sqlite.insertEvents(table);
    }

    @Override
    void insertLocal(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        Sqlite.inTransaction(connection, insert, null, events, null);
    }

    @Override
    void insertJoined(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        Sqlite.insert(connection, insert, null, events, null);
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
