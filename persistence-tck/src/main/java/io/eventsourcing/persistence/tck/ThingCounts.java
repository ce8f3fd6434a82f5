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
 * The projection of {@link ExactlyOnceConformance}: how many times each thing happened in {@link Universe}, a row per
 * thing that an UPDATE increments (or an INSERT starts), and a row per notification applied, with no key, so that a
 * notification applied twice shows as two rows and one missed as none. Needs a database (no view in memory).
 */
public class ThingCounts extends Projection {

    /** The setting that names the view's table (the applied notifications go into its name + {@code _applied}). */
    public static final String TABLE = "tck.thing-counts.table";

    private final String counts;
    private final String applied;

    public ThingCounts(Map<String, String> settings) {
        super(settings);
        this.counts = settings.getOrDefault(TABLE, "thing_counts");
        this.applied = counts + "_applied";
    }

    @Override
    protected void createTables(Connection connection) throws SQLException {
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS " + counts
                    + " (what VARCHAR(100) PRIMARY KEY, times INTEGER NOT NULL)");
            create.execute("CREATE TABLE IF NOT EXISTS " + applied + " (notification_id BIGINT NOT NULL)");
        }
    }

    @Policy
    void on(World.SomethingHappened e, ProjectionContext context) throws SQLException {
        Connection connection = context.connection();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + counts + " SET times = times + 1 WHERE what = ?")) {
            update.setString(1, e.what());
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + counts + " (what, times) VALUES (?, 1)")) {
                    insert.setString(1, e.what());
                    insert.executeUpdate();
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + applied + " (notification_id) VALUES (?)")) {
            insert.setLong(1, context.tracking().notificationId());
            insert.executeUpdate();
        }
    }

    /** @return how many times each thing happened, by what happened */
    public Map<String, Integer> counts() {
        return query(connection -> {
            Map<String, Integer> times = new TreeMap<>();
            try (Statement select = connection.createStatement();
                 ResultSet results = select.executeQuery("SELECT what, times FROM " + counts)) {
                while (results.next()) {
                    times.put(results.getString(1), results.getInt(2));
                }
            }
            return times;
        });
    }

    /** @return how many times each notification was applied, by notification id */
    public Map<Long, Integer> applied() {
        return query(connection -> {
            Map<Long, Integer> times = new TreeMap<>();
            try (Statement select = connection.createStatement();
                 ResultSet results = select.executeQuery("SELECT notification_id, count(*) FROM " + applied
                         + " GROUP BY notification_id")) {
                while (results.next()) {
                    times.put(results.getLong(1), results.getInt(2));
                }
            }
            return times;
        });
    }
}
