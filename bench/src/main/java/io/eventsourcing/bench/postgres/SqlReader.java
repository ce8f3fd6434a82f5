package io.eventsourcing.bench.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.StoredEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code floor} of the reads: plain JDBC over {@link SqlVariant}'s table, filled with the same rows as JDBC
 * batches of {@link Reader#FILL_BATCH} Dogs per transaction.
 * <ul>
 * <li>{@code get}: one select of the aggregate's rows by primary key, each row's bytes decoded by the library's own
 * {@link Rows#MAPPER} into a domain event (through a {@link StoredEvent}, which the mapper takes): the library's
 * decoding work, without its repository and without replaying the events into a Dog.</li>
 * <li>{@code page}: one select of the next rows by notification id, the columns the library's log returns read
 * into a record of this class (the bytes as the driver returns them, not copied, not decoded).</li>
 * </ul>
 */
final class SqlReader implements Reader.Variant {

    private static final String SELECT_AGGREGATE = "SELECT originator_version, topic, state FROM stored_events"
            + " WHERE originator_id = ? ORDER BY originator_version";
    /**
     * The limit is written into the statement, not bound: with {@code LIMIT ?}, PostgreSQL estimates the generic
     * plan of {@code notification_id >= ?} at a third of the table and so plans every execution anew (custom
     * plans). (The library's select is bounded above too, {@code AND notification_id <= ?}, which gives it a cheap
     * generic plan.)
     */
    private static final String SELECT_PAGE = "SELECT notification_id, originator_id, originator_version, topic,"
            + " state FROM stored_events WHERE notification_id >= ? ORDER BY notification_id LIMIT ";

    /** A row of the log as read. */
    private record Row(long id, UUID originatorId, int originatorVersion, String topic, byte[] state) {
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public Reader open(Server server, String schema, int poolSize, int aggregates, int events) throws Exception {
        SqlVariant.createTable(server, schema);
        List<UUID> ids = new ArrayList<>(aggregates);
        try (AgroalDataSource filling = server.pool(schema, 1, false, false);
             Connection connection = filling.getConnection()) {
            for (int saved = 0; saved < aggregates; saved += Reader.FILL_BATCH) {
                List<StoredEvent> rows = new ArrayList<>();
                for (int i = 0; i < Math.min(Reader.FILL_BATCH, aggregates - saved); i++) {
                    List<StoredEvent> dog = Rows.newDogRows(events);
                    ids.add(dog.get(0).originatorId());
                    rows.addAll(dog);
                }
                SqlVariant.insert(connection, rows);
                connection.commit();
            }
        }
        AgroalDataSource pool = server.pool(schema, poolSize, true, false);
        return new Reader() {
            @Override
            public List<UUID> ids() {
                return ids;
            }

            @Override
            public int get(UUID id) throws Exception {
                List<DomainEvent> decoded = new ArrayList<>();
                try (Connection connection = pool.getConnection();
                     PreparedStatement select = connection.prepareStatement(SELECT_AGGREGATE)) {
                    select.setObject(1, id);
                    try (ResultSet results = select.executeQuery()) {
                        while (results.next()) {
                            decoded.add(Rows.MAPPER.toDomainEvent(new StoredEvent(id, results.getInt(1),
                                    results.getString(2), results.getBytes(3))));
                        }
                    }
                }
                return decoded.size();
            }

            @Override
            public int page(long start, int limit) throws Exception {
                List<Row> rows = new ArrayList<>(limit);
                try (Connection connection = pool.getConnection();
                     PreparedStatement select = connection.prepareStatement(SELECT_PAGE + limit)) {
                    select.setLong(1, start);
                    try (ResultSet results = select.executeQuery()) {
                        while (results.next()) {
                            rows.add(new Row(results.getLong(1), results.getObject(2, UUID.class), results.getInt(3),
                                    results.getString(4), results.getBytes(5)));
                        }
                    }
                }
                return rows.size();
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }
}
