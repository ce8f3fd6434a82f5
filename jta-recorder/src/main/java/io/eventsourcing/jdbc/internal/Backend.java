package io.eventsourcing.jdbc.internal;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.ConfigurationException;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.Settings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * One application's database: its connections, the container's transactions, its tables and the recorders over
 * them, built from {@link Settings} and checked at once so that a wrong value fails at start-up naming its key.
 * Tables are created on first use unless {@value JdbcSettings#CREATE_TABLE} is {@code false}, and claimed for the
 * application's class ({@link TableOwners}): an application whose tables another class owns fails to start. Public
 * only for {@link io.eventsourcing.jdbc.JdbcInfrastructureFactory}; thread-safe.
 */
public final class Backend implements AutoCloseable {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final int SQLITE_POOL_SIZE = 8;

    private final boolean postgres;
    private final Connections connections;
    private final ContainerTransactions transactions;
    private final Tables tables;
    private final boolean createTable;
    /** The owners of the tables, or {@code null} if the settings name no application class. */
    private final TableOwners owners;
    private final JdbcApplicationRecorder recorder;
    private volatile boolean trackingTableCreated;
    private volatile AggregateRecorder snapshots;

    private Backend(boolean postgres, Connections connections, ContainerTransactions transactions, Tables tables,
                    boolean createTable, Settings settings) {
        this.postgres = postgres;
        this.connections = connections;
        this.transactions = transactions;
        this.tables = tables;
        this.createTable = createTable;
        this.owners = TableOwners.of(settings, tables);
        try {
            createTables(postgres ? Postgres.createEventsTable(tables) : Sqlite.createEventsTable(tables),
                    tables.events(), JdbcSettings.EVENTS_TABLE_NAME);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        this.recorder = postgres ? new PostgresRecorder(connections, transactions, tables)
                : new SqliteRecorder(connections, transactions, tables);
    }

    /**
     * @param kind {@code postgres}, {@code sqlite} or {@code datasource} (the value of
     *             {@code eventsourcing.persistence})
     * @throws ConfigurationException naming the key of a missing or invalid value
     */
    public static Backend open(Settings settings, String kind) {
        return switch (kind) {
            case "postgres" -> postgres(settings);
            case "sqlite" -> sqlite(settings);
            case "datasource" -> open(settings, lookup(settings), null);
            default -> throw new ConfigurationException(settings.keyOf(Settings.PERSISTENCE), ("Invalid value '%s' for"
                    + " %s: the JDBC recorders support postgres, sqlite and datasource").formatted(kind,
                    settings.keyOf(Settings.PERSISTENCE)));
        };
    }

    /**
     * Over a DataSource the container (or the caller) manages: its connections join the container's JTA
     * transaction; the database is detected from the driver.
     *
     * @param registry a {@code jakarta.transaction.TransactionSynchronizationRegistry} or
     *                 {@code TransactionManager}, or {@code null} to look one up by JNDI
     */
    public static Backend open(Settings settings, DataSource dataSource, Object registry) {
        ContainerTransactions transactions = ContainerTransactions.find(registry);
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            String key = settings.keyOf(JdbcSettings.DATASOURCE);
            throw new ConfigurationException(key, "Cannot connect to the DataSource of %s: %s".formatted(key,
                    e.getMessage()), e);
        }
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        boolean postgres = name.contains("postgres");
        if (!postgres && !name.contains("sqlite")) {
            String key = settings.keyOf(JdbcSettings.DATASOURCE);
            throw new ConfigurationException(key, ("The DataSource of %s is a %s database: the JDBC recorders support"
                    + " PostgreSQL and SQLite").formatted(key, product));
        }
        Tables tables = Tables.from(settings, postgres ? JdbcSettings.POSTGRES_SCHEMA : null);
        boolean createTable = settings.getBoolean(JdbcSettings.CREATE_TABLE, true);
        return new Backend(postgres, Connections.of(dataSource, null, false), transactions, tables, createTable,
                settings);
    }

    private static DataSource lookup(Settings settings) {
        String name = settings.require(JdbcSettings.DATASOURCE).trim();
        String key = settings.keyOf(JdbcSettings.DATASOURCE);
        Object found;
        try {
            found = new InitialContext().lookup(name);
        } catch (NamingException | RuntimeException e) {
            throw new ConfigurationException(key, "Cannot look up '%s' (%s) in JNDI: %s"
                    .formatted(name, key, e.getMessage()), e);
        }
        if (!(found instanceof DataSource dataSource)) {
            throw new ConfigurationException(key, "'%s' (%s) is a %s in JNDI, not a DataSource"
                    .formatted(name, key, found == null ? "null" : found.getClass().getName()));
        }
        return dataSource;
    }

    private static Backend postgres(Settings settings) {
        String host = settings.require(JdbcSettings.POSTGRES_HOST).trim();
        if (!HOST.matcher(host).matches()) {
            String key = settings.keyOf(JdbcSettings.POSTGRES_HOST);
            throw new ConfigurationException(key, "Invalid value '%s' for %s: expected a host name or IP address"
                    .formatted(host, key));
        }
        int port = settings.getInt(JdbcSettings.POSTGRES_PORT, 5432, 1, 65535);
        String dbname = nonBlank(settings, JdbcSettings.POSTGRES_DBNAME);
        String user = nonBlank(settings, JdbcSettings.POSTGRES_USER);
        String password = settings.get(JdbcSettings.POSTGRES_PASSWORD, "");
        int poolSize = settings.getInt(JdbcSettings.POSTGRES_POOL_SIZE, 5, 1, 10_000);
        int connectTimeout = settings.getInt(JdbcSettings.POSTGRES_CONNECT_TIMEOUT, 5, 1, 3600);
        int lockTimeout = settings.getInt(JdbcSettings.POSTGRES_LOCK_TIMEOUT, 0, 0, 86_400);
        int idleTimeout = settings.getInt(JdbcSettings.POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT, 0, 0, 86_400);
        Tables tables = Tables.from(settings, JdbcSettings.POSTGRES_SCHEMA);
        boolean createTable = settings.getBoolean(JdbcSettings.CREATE_TABLE, true);

        String url = "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
        AgroalDataSource pool = pool(url, "org.postgresql.Driver", poolSize, connectTimeout, user, password, Map.of(
                "connectTimeout", Integer.toString(connectTimeout),
                "ApplicationName", "eventsourcing",
                "options", "-c lock_timeout=" + lockTimeout + "s -c idle_in_transaction_session_timeout="
                        + idleTimeout + "s"), settings.keyOf(JdbcSettings.POSTGRES_HOST));
        return new Backend(true, Connections.of(pool, pool, false), ContainerTransactions.NONE, tables, createTable,
                settings);
    }

    private static Backend sqlite(Settings settings) {
        String dbname = nonBlank(settings, JdbcSettings.SQLITE_DBNAME);
        int lockTimeout = settings.getInt(JdbcSettings.SQLITE_LOCK_TIMEOUT, 5, 0, 86_400);
        Tables tables = Tables.from(settings, null);
        boolean createTable = settings.getBoolean(JdbcSettings.CREATE_TABLE, true);
        String busyTimeout = Integer.toString(lockTimeout * 1000);
        if (dbname.equals(":memory:") || dbname.contains("mode=memory")) {
            // An in-memory database lives and dies with its one connection, which all threads share in turn.
            Properties properties = new Properties();
            properties.setProperty("busy_timeout", busyTimeout);
            try {
                Class<?> driver = driverClass(SQLITE_DRIVER);
                String url = "jdbc:sqlite:" + dbname;
                Connection connection = driver != null
                        ? ((Driver) driver.getDeclaredConstructor().newInstance()).connect(url, properties)
                        : DriverManager.getConnection(url, properties);
                return new Backend(false, Connections.single(connection), ContainerTransactions.NONE, tables,
                        createTable, settings);
            } catch (SQLException | ReflectiveOperationException | ClassCastException e) {
                String key = settings.keyOf(JdbcSettings.SQLITE_DBNAME);
                throw new ConfigurationException(key, "Cannot open SQLite database '%s' (%s): %s"
                        .formatted(dbname, key, e.getMessage()), e);
            }
        }
        AgroalDataSource pool = pool("jdbc:sqlite:" + dbname, SQLITE_DRIVER, SQLITE_POOL_SIZE,
                Math.max(lockTimeout, 1) * 2, null, null, Map.of("busy_timeout", busyTimeout, "journal_mode", "WAL"),
                settings.keyOf(JdbcSettings.SQLITE_DBNAME));
        return new Backend(false, Connections.of(pool, pool, true), ContainerTransactions.NONE, tables, createTable,
                settings);
    }

    private static final String SQLITE_DRIVER = "org.sqlite.JDBC";

    /**
     * The driver class next to this library (else in the thread's context class loader), or {@code null} to leave it
     * to {@link DriverManager}. Named explicitly because {@link DriverManager} scans for drivers only once per JVM:
     * in an application server a driver in the web application's {@code WEB-INF/lib} is then not found (Payara
     * scans with a throwaway class loader and unregisters what it registered), and a caller from another class
     * loader is not allowed to use it.
     */
    private static Class<?> driverClass(String name) {
        for (ClassLoader loader : new ClassLoader[] {Backend.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader != null) {
                try {
                    Class<?> type = Class.forName(name, false, loader);
                    if (Driver.class.isAssignableFrom(type)) {
                        return type;
                    }
                } catch (ClassNotFoundException | LinkageError notThere) {
                    // try the next loader, then DriverManager
                }
            }
        }
        return null;
    }

    /**
     * A well-kept Agroal pool: connections are validated when they have been idle, and in the background,
     * replaced after a fatal error ({@link #isFatal}), closed when idle for long and renewed after half an hour.
     */
    private static AgroalDataSource pool(String url, String driverClassName, int size, int acquisitionTimeout,
                                         String user, String password, Map<String, String> properties, String key) {
        Function<AgroalConnectionFactoryConfigurationSupplier, AgroalConnectionFactoryConfigurationSupplier> factory =
                cf -> {
                    cf.jdbcUrl(url);
                    Class<?> driver = driverClass(driverClassName);
                    if (driver != null) {
                        cf.connectionProviderClass(driver);
                    }
                    if (user != null) {
                        cf.principal(new NamePrincipal(user)).credential(new SimplePassword(password));
                    }
                    properties.forEach(cf::jdbcProperty);
                    return cf;
                };
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool
                            .initialSize(0)
                            .minSize(0)
                            .maxSize(size)
                            .acquisitionTimeout(Duration.ofSeconds(acquisitionTimeout))
                            .connectionValidator(ConnectionValidator.defaultValidator())
                            .exceptionSorter(Backend::isFatal)
                            .idleValidationTimeout(Duration.ofSeconds(1))
                            .validationTimeout(Duration.ofMinutes(2))
                            .reapTimeout(Duration.ofMinutes(10))
                            .maxLifetime(Duration.ofMinutes(30))
                            .connectionFactoryConfiguration(factory)));
        } catch (SQLException | RuntimeException e) {
            throw new ConfigurationException(key, "Cannot create a connection pool for %s (see %s): %s"
                    .formatted(url, key, e.getMessage()), e);
        }
    }

    /**
     * Whether the connection that raised the error is lost, so that the pool replaces it rather than hand it out
     * again: a connection error (SQLState class 08) or the server ending the session (57P: administrator command,
     * crash or shutdown, database dropped, idle session timeout).
     */
    private static boolean isFatal(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    private static String nonBlank(Settings settings, String key) {
        String value = settings.require(key).trim();
        if (value.isEmpty()) {
            String set = settings.keyOf(key);
            throw new ConfigurationException(set, "Invalid value '' for %s: expected a non-empty value".formatted(set));
        }
        return value;
    }

    /** @return the application recorder, which is also the process recorder */
    public ProcessRecorder applicationRecorder() {
        return recorder;
    }

    /** @return the process recorder, after creating the tracking table on first use */
    public ProcessRecorder processRecorder() {
        if (!trackingTableCreated) {
            synchronized (this) {
                if (!trackingTableCreated) {
                    createTables(postgres ? Postgres.createTrackingTable(tables) : Sqlite.createTrackingTable(tables),
                            tables.tracking(), JdbcSettings.TRACKING_TABLE_NAME);
                    trackingTableCreated = true;
                }
            }
        }
        return recorder;
    }

    /** @return the snapshot store, after creating its table on first use */
    public AggregateRecorder snapshotRecorder() {
        AggregateRecorder s = snapshots;
        if (s == null) {
            synchronized (this) {
                s = snapshots;
                if (s == null) {
                    createTables(postgres ? Postgres.createSnapshotsTable(tables) : Sqlite.createSnapshotsTable(tables),
                            tables.snapshots(), JdbcSettings.SNAPSHOTS_TABLE_NAME);
                    String table = tables.qualified(tables.snapshots());
                    s = postgres ? new PostgresSnapshotRecorder(connections, transactions, table)
                            : new SqliteSnapshotRecorder(connections, transactions, table);
                    snapshots = s;
                }
            }
        }
        return s;
    }

    /**
     * Creates the table and claims it for the application in one transaction; or, without
     * {@value JdbcSettings#CREATE_TABLE}, creates and records nothing and checks the table's owner only where the
     * owners are recorded.
     *
     * @param key the key of the table's name, for the error if another application class owns it
     */
    private void createTables(List<String> ddl, String table, String key) {
        if (!createTable) {
            if (owners != null) {
                checkOwner(table, key);
            }
            return;
        }
        InTransaction claim = owners == null ? null : c -> owners.claim(c, table, key);
        try {
            Connection connection = connections.acquireWriter();
            try {
                if (postgres) {
                    Postgres.createTables(connection, ddl, claim);
                } else {
                    Sqlite.createTables(connection, ddl, claim);
                }
            } finally {
                connections.releaseWriter(connection);
            }
        } catch (SQLException e) {
            throw new DatabaseException(tables.qualified(table), "Cannot create table %s: %s"
                    .formatted(tables.qualified(table), e.getMessage()), e);
        }
    }

    private void checkOwner(String table, String key) {
        try {
            Connection connection = connections.acquire();
            try {
                String registry = owners.registry();
                if (postgres ? Postgres.tableExists(connection, registry) : Sqlite.tableExists(connection, registry)) {
                    owners.check(connection, table, key);
                }
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            throw new DatabaseException(owners.registry(), "Cannot read the owner of table %s from %s: %s"
                    .formatted(tables.qualified(table), owners.registry(), e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } finally {
            connections.close();
        }
    }
}
