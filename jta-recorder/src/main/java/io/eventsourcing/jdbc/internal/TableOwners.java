package io.eventsourcing.jdbc.internal;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Renamed;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.jdbc.spi.Tables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which application class owns each table, recorded in the table {@value #TABLE} next to them (in the same schema):
 * table names derive from the application's simple name, so two application classes of the same simple name would
 * otherwise share tables without a word, and one would then fail to read the other's events. An application claims
 * the tables it creates or opens; one whose tables another class owns fails to start, saying which keys give it
 * tables of its own, unless it names that class in {@link Renamed @Renamed(from = ...)}, as a class that was moved
 * or renamed does, and then takes the tables over. Tables that predate the record are claimed by the first
 * application that opens them. For one application class; immutable.
 */
final class TableOwners {

    /** The table that records the owners: the (unqualified) table name, and the owning class's binary name. */
    static final String TABLE = "eventsourcing_table_owners";

    private static final List<String> TABLE_NAME_KEYS = List.of(JdbcSettings.EVENTS_TABLE_NAME,
            JdbcSettings.SNAPSHOTS_TABLE_NAME, JdbcSettings.TRACKING_TABLE_NAME);

    private final Settings settings;
    private final Tables tables;
    private final String application;
    private final List<String> formerNames;
    private final String registry;

    private TableOwners(Settings settings, Tables tables, String application, List<String> formerNames) {
        this.settings = settings;
        this.tables = tables;
        this.application = application;
        this.formerNames = formerNames;
        this.registry = tables.qualified(TABLE);
    }

    /**
     * @return the owners of the tables, for the application class the settings were made for, or {@code null} if
     *         they were made for none (a recorder on its own): then no table is claimed or checked
     */
    static TableOwners of(Settings settings, Tables tables) {
        Class<?> type = settings.applicationClass();
        if (type == null) {
            return null;
        }
        Renamed renamed = type.getAnnotation(Renamed.class);
        return new TableOwners(settings, tables, type.getName(),
                renamed == null ? List.of() : List.of(renamed.from()));
    }

    /** @return the table that records the owners, as SQL refers to it */
    String registry() {
        return registry;
    }

    /**
     * Records the application as the table's owner, or takes the table over from a former name of its class. Run in
     * the transaction that creates the table, under its lock: if another class owns the table, the transaction rolls
     * back and nothing is created, changed or recorded.
     *
     * @param key the key of the table's name, such as {@value JdbcSettings#EVENTS_TABLE_NAME}
     * @throws ConfigurationException naming the table, both classes and the keys to set if another class owns it
     */
    void claim(Connection connection, String table, String key) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + registry
                    + " (table_name TEXT PRIMARY KEY, application TEXT NOT NULL)");
        }
        String owner = owner(connection, table);
        if (owner == null) {
            update(connection, "INSERT INTO " + registry + " (application, table_name) VALUES (?, ?)", table);
        } else if (!owner.equals(application)) {
            if (!formerNames.contains(owner)) {
                throw otherOwner(table, key, owner);
            }
            update(connection, "UPDATE " + registry + " SET application = ? WHERE table_name = ?", table);
        }
    }

    /**
     * Checks the table's owner without writing: the application or a former name of its class, or none recorded.
     *
     * @throws ConfigurationException as {@link #claim} does
     */
    void check(Connection connection, String table, String key) throws SQLException {
        String owner = owner(connection, table);
        if (owner != null && !owner.equals(application) && !formerNames.contains(owner)) {
            throw otherOwner(table, key, owner);
        }
    }

    private String owner(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT application FROM " + registry
                + " WHERE table_name = ?")) {
            select.setString(1, table);
            try (ResultSet results = select.executeQuery()) {
                return results.next() ? results.getString(1) : null;
            }
        }
    }

    private void update(Connection connection, String sql, String table) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, application);
            update.setString(2, table);
            update.executeUpdate();
        }
    }

    private ConfigurationException otherOwner(String table, String key, String owner) {
        String own = settings.ownKey(key);
        String others = TABLE_NAME_KEYS.stream().filter(k -> !k.equals(key)).map(settings::ownKey)
                .collect(Collectors.joining(" and "));
        String name = settings.applicationName();
        return new ConfigurationException(own, ("Table %s belongs to application %s, not %s: its name %s. Give %s"
                + " tables of its own by setting %s (and likewise %s) to another name, in this application's settings"
                + " only, as the key applies to every application named %s; or, if it is %s moved or renamed,"
                + " annotate it with @Renamed(from = \"%s\") to take the tables over").formatted(
                tables.qualified(table), owner, application,
                settings.get(key).isPresent() ? "is set by " + settings.keyOf(key)
                        : "derives from the simple name " + name, application, own, others, name, owner, owner));
    }
}
