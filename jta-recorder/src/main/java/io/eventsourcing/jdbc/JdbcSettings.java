package io.eventsourcing.jdbc;

/**
 * The configuration keys of the JDBC recorders, read through {@link io.eventsourcing.persistence.Settings} (so
 * each may be set for one application only, as {@code eventsourcing.DogSchool.postgres.host}). Select a backend
 * with {@code eventsourcing.persistence} = {@code postgres}, {@code sqlite} or {@code datasource}.
 *
 * <pre>{@code
 * new DogSchool(Map.of(
 *         "eventsourcing.persistence", "postgres",
 *         JdbcSettings.POSTGRES_HOST, "localhost",
 *         JdbcSettings.POSTGRES_DBNAME, "eventsourcing",
 *         JdbcSettings.POSTGRES_USER, "eventsourcing",
 *         JdbcSettings.POSTGRES_PASSWORD, "secret"));
 * }</pre>
 *
 * <p>Durations are whole seconds, as in the Python library. A missing or invalid value fails when the application
 * starts, with a {@link io.eventsourcing.persistence.ConfigurationException} naming the key.
 */
public final class JdbcSettings {

    /**
     * Create the tables if they do not exist ({@code true} by default), recording which application class owns each
     * (an application whose tables another class of the same simple name owns fails to start; see
     * {@link io.eventsourcing.domain.Renamed} for a class that moved). {@code false} creates and records nothing,
     * and checks the owners only if a database records them.
     */
    public static final String CREATE_TABLE = "eventsourcing.create-table";
    /** Table of stored events; by default the application's name in lower case + {@code _events}. */
    public static final String EVENTS_TABLE_NAME = "eventsourcing.events-table-name";
    /** Table of snapshots; by default the application's name in lower case + {@code _snapshots}. */
    public static final String SNAPSHOTS_TABLE_NAME = "eventsourcing.snapshots-table-name";
    /** Table of tracking records; by default the application's name in lower case + {@code _tracking}. */
    public static final String TRACKING_TABLE_NAME = "eventsourcing.tracking-table-name";

    /** JNDI name of the container's DataSource, for {@code eventsourcing.persistence=datasource}. */
    public static final String DATASOURCE = "eventsourcing.datasource";

    /** Server host name (required for {@code postgres}). */
    public static final String POSTGRES_HOST = "eventsourcing.postgres.host";
    /** Server port, 5432 by default. */
    public static final String POSTGRES_PORT = "eventsourcing.postgres.port";
    /** Database name (required). */
    public static final String POSTGRES_DBNAME = "eventsourcing.postgres.dbname";
    /** User name (required). */
    public static final String POSTGRES_USER = "eventsourcing.postgres.user";
    /** Password (empty by default). */
    public static final String POSTGRES_PASSWORD = "eventsourcing.postgres.password";
    /** Schema of the tables ({@code public}, the server's search path, by default); created if missing. */
    public static final String POSTGRES_SCHEMA = "eventsourcing.postgres.schema";
    /** Most connections the pool opens, 5 by default. */
    public static final String POSTGRES_POOL_SIZE = "eventsourcing.postgres.pool-size";
    /** Seconds to wait for a new connection, and for a free one from the pool; 5 by default. */
    public static final String POSTGRES_CONNECT_TIMEOUT = "eventsourcing.postgres.connect-timeout";
    /** Seconds a statement waits for a lock before it fails; 0 (the default) waits without limit. */
    public static final String POSTGRES_LOCK_TIMEOUT = "eventsourcing.postgres.lock-timeout";
    /** Seconds the server lets a session idle inside a transaction before it ends it; 0 (default) for never. */
    public static final String POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT =
            "eventsourcing.postgres.idle-in-transaction-session-timeout";

    /** The database file's path, or {@code :memory:} (required for {@code sqlite}). */
    public static final String SQLITE_DBNAME = "eventsourcing.sqlite.dbname";
    /** Seconds a writer waits for another to finish before it fails; 5 by default. */
    public static final String SQLITE_LOCK_TIMEOUT = "eventsourcing.sqlite.lock-timeout";

    private JdbcSettings() {
    }
}
