package io.eventsourcing.jdbc.internal;

import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.jdbc.spi.ContainerTransactions;
import io.eventsourcing.jdbc.spi.Dialect;
import io.eventsourcing.jdbc.spi.InTransaction;
import io.eventsourcing.jdbc.spi.JdbcAggregateRecorder;
import io.eventsourcing.jdbc.spi.Tables;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stores snapshots: an aggregate recorder without notification ids, on any database, with a table of which snapshots
 * hold personal data of which subjects. Thread-safe.
 */
final class JdbcSnapshotRecorder extends JdbcAggregateRecorder implements SnapshotRecorder {

    private final String insert;
    private final String subjectsTable;
    private final String insertSubject;
    private final String deleteHolding;
    private final String deleteSubject;

    JdbcSnapshotRecorder(Dialect dialect, Connections connections, ContainerTransactions transactions,
                         Tables tables) {
        super(dialect, connections, transactions, tables.qualified(tables.snapshots()));
        this.insert = dialect.insertRowsSql(table);
        this.subjectsTable = tables.qualified(tables.snapshotSubjects());
        this.insertSubject = "INSERT INTO " + subjectsTable + " (subject_id, originator_id, originator_version)"
                + " VALUES (?, ?, ?)";
        this.deleteHolding = "DELETE FROM " + table + " WHERE (originator_id, originator_version) IN (SELECT"
                + " originator_id, originator_version FROM " + subjectsTable + " WHERE subject_id = ?)";
        this.deleteSubject = "DELETE FROM " + subjectsTable + " WHERE subject_id = ?";
    }

    /** With {@code first} (the snapshot's subjects, or deletions), in one transaction. */
    @Override
    protected void insertLocal(Connection connection, List<StoredEvent> events, List<Tracking> tracking,
                               InTransaction first) throws SQLException {
        if (first == null) {
            dialect.insertRows(connection, insert, events, true);
            return;
        }
        dialect.inLocalTransaction(connection, c -> {
            first.run(c);
            if (!events.isEmpty()) {
                dialect.insertRows(c, insert, events, false);
            }
        });
    }

    @Override
    protected void insertJoined(Connection connection, List<StoredEvent> events, List<Tracking> tracking)
            throws SQLException {
        dialect.insertRows(connection, insert, events, false);
    }

    @Override
    public void insertSnapshot(StoredEvent snapshot, Set<UUID> subjects) {
        if (subjects.isEmpty()) {
            insertEvents(List.of(snapshot));
            return;
        }
        insert(List.of(snapshot), List.of(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(insertSubject)) {
                for (UUID subject : subjects) {
                    dialect.setUuid(statement, 1, subject);
                    dialect.setUuid(statement, 2, snapshot.originatorId());
                    statement.setInt(3, snapshot.originatorVersion());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    /** Overwrites the deleted rows' bytes where the database would leave them in its file (SQLite). */
    @Override
    public int deleteSnapshots(List<UUID> subjects) {
        if (subjects.isEmpty()) {
            return 0;
        }
        int[] deleted = new int[1];
        insert(List.of(), List.of(), connection -> {
            UUID at = null;
            try (PreparedStatement holding = connection.prepareStatement(deleteHolding);
                 PreparedStatement subject = connection.prepareStatement(deleteSubject)) {
                dialect.secureDelete(connection);
                for (UUID id : subjects) {
                    at = id;
                    dialect.setUuid(holding, 1, id);
                    deleted[0] += holding.executeUpdate();
                    dialect.setUuid(subject, 1, id);
                    subject.executeUpdate();
                }
            } catch (SQLException e) {
                throw new DatabaseException(table, ("Cannot delete the snapshots that hold personal data of subject"
                        + " %s from table %s (listed in %s): %s").formatted(at, table, subjectsTable, e.getMessage()),
                        e);
            }
        });
        return deleted[0];
    }
}
