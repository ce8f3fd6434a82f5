package io.eventsourcing.samples.payara;

import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.Follows;
import io.eventsourcing.samples.rest.Dog;
import io.eventsourcing.samples.rest.DogList;
import io.eventsourcing.samples.rest.DogSchool;
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
import java.util.UUID;

/**
 * The {@link DogList} in plain JDBC, in the SQLite database of the events ({@code eventsourcing.persistence}): the
 * policies write the table {@code dog_list} on the connection of the transaction in which the projection also inserts
 * the tracking of the notifications, so each is counted once.
 */
@EventSourced
@Follows(DogSchool.class)
public class DogListView extends Projection implements DogList {

    @Override
    protected void createTables(Connection connection) throws SQLException {
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS dog_list (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                    + " trick_count INTEGER NOT NULL)");
            create.execute("CREATE INDEX IF NOT EXISTS dog_list_by_name ON dog_list (name, id)");
        }
    }

    @Policy
    void on(Dog.Registered e, ProjectionContext context) throws SQLException {
        try (PreparedStatement insert = context.connection()
                .prepareStatement("INSERT INTO dog_list (id, name, trick_count) VALUES (?, ?, 0)")) {
            insert.setString(1, context.event().originatorId().toString());
            insert.setString(2, e.name());
            insert.executeUpdate();
        }
    }

    @Policy
    void on(Dog.TrickAdded e, ProjectionContext context) throws SQLException {
        try (PreparedStatement update = context.connection()
                .prepareStatement("UPDATE dog_list SET trick_count = trick_count + 1 WHERE id = ?")) {
            update.setString(1, context.event().originatorId().toString());
            update.executeUpdate();
        }
    }

    @Override
    public List<Entry> dogs(int offset, int limit) {
        return query(connection -> {
            List<Entry> dogs = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, trick_count FROM dog_list ORDER BY name, id LIMIT ? OFFSET ?")) {
                select.setInt(1, limit);
                select.setInt(2, offset);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        dogs.add(new Entry(UUID.fromString(rows.getString(1)), rows.getString(2), rows.getInt(3)));
                    }
                }
            }
            return dogs;
        });
    }

    @Override
    protected void clear(Connection connection) throws SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM dog_list");
        }
    }
}
