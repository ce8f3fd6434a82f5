package io.eventsourcing.postgres;

/**
 * The configuration keys of PostgreSQL with the library's own connections ({@code eventsourcing.persistence=postgres}),
 * read through {@link io.eventsourcing.config.Settings} (so each may be set for one application only, as
 * {@code eventsourcing.DogSchool.postgres.host}); the keys every database reads (table names, the container's
 * DataSource) are in {@link io.eventsourcing.jdbc.JdbcSettings}.
 *
 * <pre>{@code
 * new DogSchool(Map.of(
 *         "eventsourcing.persistence", "postgres",
 *         PostgresSettings.HOST, "localhost",
 *         PostgresSettings.DBNAME, "eventsourcing",
 *         PostgresSettings.USER, "eventsourcing",
 *         PostgresSettings.PASSWORD, "secret"));
 * }</pre>
 *
 * <p>Durations are whole seconds, as in the Python library. A missing or invalid value fails when the application
 * starts, with a {@link io.eventsourcing.config.ConfigurationException} naming the key.
 */
public final class PostgresSettings {

    /** The value of {@code eventsourcing.persistence} that selects PostgreSQL with the library's own connections. */
    public static final String PERSISTENCE = "postgres";

    /** Server host name (required). */
    public static final String HOST = "eventsourcing.postgres.host";
    /** Server port, 5432 by default. */
    public static final String PORT = "eventsourcing.postgres.port";
    /** Database name (required). */
    public static final String DBNAME = "eventsourcing.postgres.dbname";
    /** User name (required). */
    public static final String USER = "eventsourcing.postgres.user";
    /** Password (empty by default). */
    public static final String PASSWORD = "eventsourcing.postgres.password";
    /**
     * Schema of the tables, also over a PostgreSQL DataSource ({@code public}, the server's search path, by
     * default); created if missing.
     */
    public static final String SCHEMA = "eventsourcing.postgres.schema";
    /** Most connections the pool opens, 5 by default. */
    public static final String POOL_SIZE = "eventsourcing.postgres.pool-size";
    /** Seconds to wait for a new connection, and for a free one from the pool; 5 by default. */
    public static final String CONNECT_TIMEOUT = "eventsourcing.postgres.connect-timeout";
    /** Seconds a statement waits for a lock before it fails; 0 (the default) waits without limit. */
    public static final String LOCK_TIMEOUT = "eventsourcing.postgres.lock-timeout";
    /** Seconds the server lets a session idle inside a transaction before it ends it; 0 (default) for never. */
    public static final String IDLE_IN_TRANSACTION_SESSION_TIMEOUT =
            "eventsourcing.postgres.idle-in-transaction-session-timeout";

    private PostgresSettings() {
    }
}
