package io.eventsourcing.persistence.tck;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The projection of the projection conformance suite: how many things happened in each world, by name, in a table
 * of its own (or, in memory, a field). A thing called "boom" makes its policy fail, before it changes anything.
 */
public class WorldList extends Projection {

    /** The setting that names the view's table when a runner builds it. */
    public static final String TABLE = "tck.world-list.table";
    /** What makes the policy fail, unless {@link #poison} is changed. */
    public static final String POISON = "boom";

    /** What makes the policy fail now, or {@code null}. */
    public volatile String poison = POISON;

    private final String table;
    /** The view in memory, by world id: name and count. */
    private final Map<String, Map.Entry<String, Integer>> worlds = new TreeMap<>();

    /** As a runner builds it: the table named by {@value #TABLE}. */
    public WorldList(Map<String, String> settings) {
        this(settings, settings.getOrDefault(TABLE, "world_list"));
    }

    public WorldList(Map<String, String> settings, String table) {
        super(settings);
        this.table = table;
    }

    @Override
    protected void createTables(Connection connection) throws SQLException {
        if (connection != null) {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS " + table
                        + " (id VARCHAR(36) PRIMARY KEY, name VARCHAR(100) NOT NULL, things INTEGER NOT NULL)");
            }
        }
    }

    @Policy
    void on(World.Created e, ProjectionContext context) throws SQLException {
        String id = context.event().originatorId().toString();
        if (context.connection() == null) {
            worlds.put(id, Map.entry(e.name(), 0));
            return;
        }
        try (PreparedStatement insert = context.connection().prepareStatement(
                "INSERT INTO " + table + " (id, name, things) VALUES (?, ?, 0)")) {
            insert.setString(1, id);
            insert.setString(2, e.name());
            insert.executeUpdate();
        }
    }

    @Policy
    void on(World.SomethingHappened e, ProjectionContext context) throws SQLException {
        if (e.what().equals(poison)) {
            throw new IllegalArgumentException("Cannot count " + poison);
        }
        String id = context.event().originatorId().toString();
        if (context.connection() == null) {
            worlds.computeIfPresent(id, (k, world) -> Map.entry(world.getKey(), world.getValue() + 1));
            return;
        }
        // Sent with the batch's other updates in one round trip, before the commit.
        PreparedStatement update = context.batch("UPDATE " + table + " SET things = things + 1 WHERE id = ?");
        update.setString(1, id);
        update.addBatch();
    }

    @Override
    protected void clear(Connection connection) throws SQLException {
        if (connection == null) {
            worlds.clear();
            return;
        }
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM " + table);
        }
    }

    /** @return how many things happened in each world, by name */
    public Map<String, Integer> things() {
        return query(connection -> {
            Map<String, Integer> things = new TreeMap<>();
            if (connection == null) {
                worlds.values().forEach(world -> things.put(world.getKey(), world.getValue()));
                return things;
            }
            try (Statement select = connection.createStatement();
                 ResultSet results = select.executeQuery("SELECT name, things FROM " + table)) {
                while (results.next()) {
                    things.put(results.getString(1), results.getInt(2));
                }
            }
            return things;
        });
    }
}
