package io.eventsourcing.samples.dogschool;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A read model of the dog school: each dog's name and how many tricks it knows, listed by name. In a table
 * ({@code dog_list}) written in the transaction of the tracking when the events are in a database; in a field when
 * they are in memory.
 */
public class DogList extends Projection {

    /** In memory: dog id to name and trick count. */
    private final Map<String, Map.Entry<String, Integer>> dogs = new TreeMap<>();

    public DogList() {
    }

    public DogList(Map<String, String> settings) {
        super(settings);
    }

    @Override
    protected void createTables(Connection connection) throws SQLException {
        if (connection != null) {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS dog_list (id VARCHAR(36) PRIMARY KEY, name VARCHAR(100)"
                        + " NOT NULL, trick_count INTEGER NOT NULL)");
            }
        }
    }

    @Policy
    void on(Dog.Registered e, ProjectionContext context) throws SQLException {
        String id = context.event().originatorId().toString();
        if (context.connection() == null) {
            dogs.put(id, Map.entry(e.name(), 0));
            return;
        }
        PreparedStatement insert = context.batch("INSERT INTO dog_list (id, name, trick_count) VALUES (?, ?, 0)");
        insert.setString(1, id);
        insert.setString(2, e.name());
        insert.addBatch();
    }

    @Policy
    void on(Dog.TrickAdded e, ProjectionContext context) throws SQLException {
        String id = context.event().originatorId().toString();
        if (context.connection() == null) {
            dogs.computeIfPresent(id, (k, dog) -> Map.entry(dog.getKey(), dog.getValue() + 1));
            return;
        }
        PreparedStatement update = context.batch("UPDATE dog_list SET trick_count = trick_count + 1 WHERE id = ?");
        update.setString(1, id);
        update.addBatch();
    }

    @Override
    protected void clear(Connection connection) throws SQLException {
        if (connection == null) {
            dogs.clear();
            return;
        }
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM dog_list");
        }
    }

    /** @return "name: n tricks", by name */
    public List<String> dogs() {
        return query(connection -> {
            List<String> lines = new ArrayList<>();
            if (connection == null) {
                dogs.values().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(dog -> lines.add(dog.getKey() + ": " + dog.getValue() + " tricks"));
                return lines;
            }
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT name, trick_count FROM dog_list ORDER BY name, id")) {
                while (rows.next()) {
                    lines.add(rows.getString(1) + ": " + rows.getInt(2) + " tricks");
                }
            }
            return lines;
        });
    }
}
