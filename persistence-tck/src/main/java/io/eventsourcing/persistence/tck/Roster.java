package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.SubjectForgotten;
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
 * The projection of the personal data conformance suite: the members' names, by person, in a table of the backend
 * (in memory, a map); it deletes a person's row when the person is forgotten.
 */
public class Roster extends Projection {

    private final Map<String, String> names = new TreeMap<>();
    private final String table;

    /** @param table the view's table, which tests name apart as they may share a database */
    public Roster(Map<String, String> settings, String table) {
        super(settings);
        this.table = table;
    }

    @Override
    protected void createTables(Connection connection) throws SQLException {
        if (connection != null) {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS " + table + " (person_id VARCHAR(36) PRIMARY KEY,"
                        + " name VARCHAR(100))");
            }
        }
    }

    @Policy
    void on(Member.Joined e, ProjectionContext context) throws SQLException {
        String person = e.personId().toString();
        if (context.connection() == null) {
            names.put(person, e.name());
            return;
        }
        try (PreparedStatement insert = context.connection().prepareStatement(
                "INSERT INTO " + table + " (person_id, name) VALUES (?, ?)")) {
            insert.setString(1, person);
            insert.setString(2, e.name());
            insert.executeUpdate();
        }
    }

    @Policy
    void on(SubjectForgotten e, ProjectionContext context) throws SQLException {
        String person = e.subjectId().toString();
        if (context.connection() == null) {
            names.remove(person);
            return;
        }
        try (PreparedStatement delete = context.connection().prepareStatement(
                "DELETE FROM " + table + " WHERE person_id = ?")) {
            delete.setString(1, person);
            delete.executeUpdate();
        }
    }

    @Override
    protected void clear(Connection connection) throws SQLException {
        if (connection == null) {
            names.clear();
            return;
        }
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM " + table);
        }
    }

    /** @return each person's name as the view holds it, {@code null} if the event read it forgotten */
    public Map<String, String> names() {
        return query(connection -> {
            if (connection == null) {
                return new TreeMap<>(names);
            }
            Map<String, String> rows = new TreeMap<>();
            try (Statement select = connection.createStatement();
                 ResultSet results = select.executeQuery("SELECT person_id, name FROM " + table)) {
                while (results.next()) {
                    rows.put(results.getString(1), results.getString(2));
                }
            }
            return rows;
        });
    }
}
