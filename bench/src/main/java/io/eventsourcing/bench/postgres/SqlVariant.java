package io.eventsourcing.bench.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.persistence.StoredEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Plain JDBC over a table equivalent to the library's (same columns, primary key on (originator_id,
 * originator_version), unique index on notification_id, here a {@code bigserial}), inserting the same rows (see
 * {@link Rows}) as one JDBC batch per save with the same transaction boundaries.
 * <ul>
 * <li>{@code floor}: just the batch. No ordering guarantee: a reader can see id N+1 committed before N.</li>
 * <li>{@code lock}: the Python library's strategy: {@code LOCK TABLE ... IN EXCLUSIVE MODE} first, so the
 * sequence numbers rows in commit order; the lock is held until the transaction ends (under JTA, through the
 * caller's remaining work).</li>
 * </ul>
 */
final class SqlVariant implements Writer.Variant {

    private final boolean lock;

    SqlVariant(boolean lock) {
        this.lock = lock;
    }

    @Override
    public String name() {
        return lock ? "lock" : "floor";
    }

    @Override
    public Writer open(Server server, String schema, int poolSize, boolean jta) throws Exception {
        createTable(server, schema);
        AgroalDataSource pool = server.pool(schema, poolSize, jta, jta);
        return new Writer() {
            @Override
            public void save(int events) throws Exception {
                List<StoredEvent> rows = Rows.newDogRows(events);
                try (Connection connection = pool.getConnection()) {
                    try {
                        if (lock) {
                            try (Statement statement = connection.createStatement()) {
                                statement.execute("LOCK TABLE stored_events IN EXCLUSIVE MODE");
                            }
                        }
                        insert(connection, rows);
                        if (!jta) {
                            connection.commit();
                        }
                    } catch (Exception e) {
                        if (!jta) {
                            connection.rollback();
                        }
                        throw e;
                    }
                }
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    /** Creates the schema and its table equivalent to the library's, {@code bigserial} ids. */
    static void createTable(Server server, String schema) throws SQLException {
        server.execute("CREATE SCHEMA IF NOT EXISTS " + schema,
                "CREATE TABLE " + schema + ".stored_events (originator_id uuid NOT NULL,"
                        + " originator_version integer NOT NULL, topic text NOT NULL, state bytea NOT NULL,"
                        + " notification_id bigserial, PRIMARY KEY (originator_id, originator_version))",
                "CREATE UNIQUE INDEX ON " + schema + ".stored_events (notification_id)");
    }

    /** Inserts the rows as one JDBC batch; neither commits nor rolls back. */
    static void insert(Connection connection, List<StoredEvent> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO stored_events"
                + " (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)")) {
            for (StoredEvent row : rows) {
                statement.setObject(1, row.originatorId());
                statement.setInt(2, row.originatorVersion());
                statement.setString(3, row.topic());
                statement.setBytes(4, row.state());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
