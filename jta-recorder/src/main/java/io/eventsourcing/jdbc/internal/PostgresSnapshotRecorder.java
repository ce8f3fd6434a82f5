package io.eventsourcing.jdbc.internal;

import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Stores snapshots in PostgreSQL: an aggregate recorder without notification ids. Thread-safe. */
final class PostgresSnapshotRecorder extends JdbcAggregateRecorder {

    private final String insert;

    PostgresSnapshotRecorder(Connections connections, ContainerTransactions transactions, String table) {
        super(connections, transactions, table);
        this.insert = Postgres.insertEvents(table);
    }

    @Override
    void insertLocal(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        insertJoined(connection, events, tracking);
    }

    @Override
    void insertJoined(Connection connection, List<StoredEvent> events, Tracking tracking) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            Postgres.bindEvents(connection, statement, 1, events);
            statement.executeUpdate();
        }
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
}
