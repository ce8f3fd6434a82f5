package io.eventsourcing.jdbc.internal;

import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.jdbc.spi.ContainerTransactions;
import io.eventsourcing.jdbc.spi.Dialect;
import io.eventsourcing.jdbc.spi.InTransaction;
import io.eventsourcing.jdbc.spi.JdbcAggregateRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Stores snapshots: an aggregate recorder without notification ids, on any database. Thread-safe. */
final class JdbcSnapshotRecorder extends JdbcAggregateRecorder {

    private final String insert;

    JdbcSnapshotRecorder(Dialect dialect, Connections connections, ContainerTransactions transactions, String table) {
        super(dialect, connections, transactions, table);
        this.insert = dialect.insertRowsSql(table);
    }

    /** {@code first} is always {@code null}: snapshots come with no data keys. */
    @Override
    protected void insertLocal(Connection connection, List<StoredEvent> events, List<Tracking> tracking,
                               InTransaction first) throws SQLException {
        dialect.insertRows(connection, insert, events, true);
    }

    @Override
    protected void insertJoined(Connection connection, List<StoredEvent> events, List<Tracking> tracking)
            throws SQLException {
        dialect.insertRows(connection, insert, events, false);
    }
}
