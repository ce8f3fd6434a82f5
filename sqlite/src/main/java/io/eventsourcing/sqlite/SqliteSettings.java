package io.eventsourcing.sqlite;

/**
 * The configuration keys of SQLite ({@code eventsourcing.persistence=sqlite}), read through
 * {@link io.eventsourcing.config.Settings} (so each may be set for one application only, as
 * {@code eventsourcing.DogSchool.sqlite.dbname}); the keys every database reads (table names, the container's
 * DataSource) are in {@link io.eventsourcing.jdbc.JdbcSettings}.
 *
 * <pre>{@code
 * new DogSchool(Map.of("eventsourcing.persistence", "sqlite", SqliteSettings.DBNAME, "dogs.db"));
 * }</pre>
 *
 * <p>Durations are whole seconds, as in the Python library. A missing or invalid value fails when the application
 * starts, with a {@link io.eventsourcing.config.ConfigurationException} naming the key.
 */
public final class SqliteSettings {

    /** The value of {@code eventsourcing.persistence} that selects SQLite. */
    public static final String PERSISTENCE = "sqlite";

    /** The database file's path, or {@code :memory:} (required). */
    public static final String DBNAME = "eventsourcing.sqlite.dbname";
    /** Seconds a writer waits for another to finish before it fails; 5 by default. */
    public static final String LOCK_TIMEOUT = "eventsourcing.sqlite.lock-timeout";

    private SqliteSettings() {
    }
}
