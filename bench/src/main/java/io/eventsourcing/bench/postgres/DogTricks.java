package io.eventsourcing.bench.postgres;

import io.eventsourcing.bench.Dog;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The read model measured by {@link ProjectionThroughput}: one row per Dog, {@code (id uuid, trick_count)}, upserted
 * once per notification through the context's connection (a Registered adds 0, a TrickAdded 1), in the transaction
 * that tracks the notification. The same statement as the floor's and Axon's handler ({@link #upsert}): batched with
 * {@link ProjectionContext#batch} (sent once per page, as the floor's JDBC batch), or executed per notification.
 */
public class DogTricks extends Projection {

    private final String table;
    private final String upsert;
    private final boolean batched;

    /**
     * @param table   the view's table, schema-qualified
     * @param batched whether the upserts go through {@link ProjectionContext#batch}
     */
    public DogTricks(Map<String, String> settings, String table, boolean batched) {
        super(settings);
        this.table = table;
        this.upsert = upsert(table);
        this.batched = batched;
    }

    /** The upsert every variant runs, once per notification: parameters id (uuid) and 0 or 1. */
    static String upsert(String table) {
        return "INSERT INTO " + table + " AS d (id, trick_count) VALUES (?, ?) ON CONFLICT (id) DO UPDATE"
                + " SET trick_count = d.trick_count + EXCLUDED.trick_count";
    }

    static String createTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (id uuid PRIMARY KEY, trick_count integer NOT NULL)";
    }

    /** @return the view's rows and the sum of their counts: {dogs, tricks} */
    static long[] totals(Connection connection, String table) throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet results = select.executeQuery("SELECT count(*), coalesce(sum(trick_count), 0) FROM " + table)) {
            results.next();
            return new long[] {results.getLong(1), results.getLong(2)};
        }
    }

    @Override
    protected void createTables(Connection connection) throws SQLException {
        try (Statement create = connection.createStatement()) {
            create.execute(createTable(table));
        }
    }

    @Policy
    void on(Dog.Registered e, ProjectionContext context) throws SQLException {
        upsert(context, 0);
    }

    @Policy
    void on(Dog.TrickAdded e, ProjectionContext context) throws SQLException {
        upsert(context, 1);
    }

    private void upsert(ProjectionContext context, int tricks) throws SQLException {
        if (batched) {
            PreparedStatement statement = context.batch(upsert);
            statement.setObject(1, context.event().originatorId());
            statement.setInt(2, tricks);
            statement.addBatch();
            return;
        }
        try (PreparedStatement statement = context.connection().prepareStatement(upsert)) {
            statement.setObject(1, context.event().originatorId());
            statement.setInt(2, tricks);
            statement.executeUpdate();
        }
    }

    /** @return {dogs, tricks} in the view */
    long[] totals() {
        return query(connection -> totals(connection, table));
    }
}
