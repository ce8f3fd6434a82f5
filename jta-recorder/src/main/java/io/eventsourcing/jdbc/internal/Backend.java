package io.eventsourcing.jdbc.internal;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.container.Container;
import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.jdbc.spi.ConnectionFailure;
import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.jdbc.spi.ContainerTransactions;
import io.eventsourcing.jdbc.spi.Dialect;
import io.eventsourcing.jdbc.spi.InTransaction;
import io.eventsourcing.jdbc.spi.JdbcApplicationRecorder;
import io.eventsourcing.jdbc.spi.JdbcProjectionRecorder;
import io.eventsourcing.jdbc.spi.Tables;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.ProjectionRecorder;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One application's database: its {@link Dialect}, connections, the container's transactions, its tables and the
 * recorders over them, built from {@link Settings} and checked at once so that a wrong value fails at start-up
 * naming its key. Tables are created on first use unless {@value JdbcSettings#CREATE_TABLE} is {@code false}, and
 * claimed for the application's class ({@link TableOwners}): an application whose tables another class owns fails
 * to start. Its data keys are the application recorder's (its table created on first use), so that the mapper can
 * be given them before the tables exist. Public only for {@link io.eventsourcing.jdbc.JdbcInfrastructureFactory};
 * thread-safe.
 */
public final class Backend implements DataKeyRecorder, AutoCloseable {

    /** The value of {@code eventsourcing.persistence} for the container's DataSource. */
    public static final String DATASOURCE = "datasource";

    private final Dialect dialect;
    private final Connections connections;
    private final ContainerTransactions transactions;
    private final Tables tables;
    private final boolean createTable;
    /** The settings the dialect made its own connections from, or {@code null} over a DataSource. */
    private final Settings ownConnections;
    /** The owners of the tables, or {@code null} if the settings name no application class. */
    private final TableOwners owners;
    /** The application recorder, once its table is created (an application's first use; a read model has none). */
    private volatile JdbcApplicationRecorder recorder;
    private volatile boolean trackingTableCreated;
    private volatile JdbcProjectionRecorder projections;
    private volatile SnapshotRecorder snapshots;

    private Backend(Dialect dialect, Settings settings, Supplier<Connections> connect,
                    ContainerTransactions transactions, boolean own) {
        this.dialect = dialect;
        this.ownConnections = own ? settings : null;
        this.tables = Tables.from(settings, dialect.schemaKey());
        this.createTable = settings.getBoolean(JdbcSettings.CREATE_TABLE, true);
        this.owners = TableOwners.of(settings, tables);
        this.transactions = transactions;
        this.connections = connect.get();
    }

    /**
     * @return the database {@code eventsourcing.persistence} selects: a dialect's name (its own connections), or
     *         {@value #DATASOURCE} (the DataSource that {@link Container#current() the container} offers by the name
     *         in {@value JdbcSettings#DATASOURCE}, or its default one, joining the container's transactions)
     * @throws ConfigurationException naming the key of a missing or invalid value
     */
    public static Backend open(Settings settings) {
        String kind = settings.require(Settings.PERSISTENCE).trim();
        if (kind.equals(DATASOURCE)) {
            Container container = Container.current();
            return open(settings, dataSource(settings, container), transactions(container));
        }
        List<Dialect> dialects = dialects();
        for (Dialect dialect : dialects) {
            if (dialect.name().equals(kind)) {
                return open(settings, dialect);
            }
        }
        String key = settings.keyOf(Settings.PERSISTENCE);
        throw new ConfigurationException(key, "Invalid value '%s' for %s: the JDBC recorders on the class path support %s"
                .formatted(kind, key, supported(dialects) + " and " + DATASOURCE));
    }

    /** @return the database of the dialect, over the dialect's own connections from its settings */
    public static Backend open(Settings settings, Dialect dialect) {
        return new Backend(dialect, settings, () -> dialect.connect(settings), ContainerTransactions.NONE,
                true);
    }

    /**
     * Over a DataSource the container (or the caller) manages: its connections join the container's JTA
     * transaction; the database is detected from the driver.
     *
     * @param registry a {@code jakarta.transaction.TransactionSynchronizationRegistry} or
     *                 {@code TransactionManager}, or {@code null} for {@link Container#current() the container's}
     */
    public static Backend open(Settings settings, DataSource dataSource, Object registry) {
        return open(settings, dataSource, registry != null ? JtaTransactions.of(registry)
                : transactions(Container.current()));
    }

    private static Backend open(Settings settings, DataSource dataSource, ContainerTransactions transactions) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            String key = settings.keyOf(JdbcSettings.DATASOURCE);
            throw new ConfigurationException(key, "Cannot connect to the DataSource of %s: %s".formatted(key,
                    e.getMessage()), e);
        }
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        List<Dialect> dialects = dialects();
        for (Dialect dialect : dialects) {
            if (dialect.accepts(name)) {
                return new Backend(dialect, settings, () -> Connections.of(dataSource, null, false), transactions,
                        false);
            }
        }
        String key = settings.keyOf(JdbcSettings.DATASOURCE);
        throw new ConfigurationException(key, ("The DataSource of %s is a %s database: the JDBC recorders on the class"
                + " path support %s (add the module of your database, such as eventsourcing-postgres)")
                .formatted(key, product, supported(dialects)));
    }

    /** The dialects on the class path (the context class loader's first), each name once. */
    private static List<Dialect> dialects() {
        List<Dialect> dialects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                Backend.class.getClassLoader()}) {
            if (loader != null) {
                for (Dialect dialect : ServiceLoader.load(Dialect.class, loader)) {
                    if (!names.contains(dialect.name())) {
                        names.add(dialect.name());
                        dialects.add(dialect);
                    }
                }
            }
        }
        return dialects;
    }

    private static String supported(List<Dialect> dialects) {
        return dialects.isEmpty() ? "no database (add eventsourcing-postgres or eventsourcing-sqlite)"
                : String.join(", ", dialects.stream().map(Dialect::name).toList());
    }

    /**
     * @return the container's JTA transactions (its synchronization registry, else its transaction manager), beginning
     *         them with its transaction manager or user transaction if it offers one, or none if JTA is not on the
     *         class path or the container has neither
     */
    private static ContainerTransactions transactions(Container container) {
        if (!jtaOnClassPath()) {
            return ContainerTransactions.NONE;
        }
        Object demarcation = container.demarcation().filter(JtaTransactions::begins).orElse(null);
        return container.transactions().filter(JtaTransactions::accepts)
                .map(given -> JtaTransactions.of(given, demarcation))
                .orElse(ContainerTransactions.NONE);
    }

    private static boolean jtaOnClassPath() {
        try {
            Class.forName("jakarta.transaction.TransactionSynchronizationRegistry", false,
                    Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * @return the DataSource the container offers by the name in {@value JdbcSettings#DATASOURCE}, or its default one
     *         if that is not set
     * @throws ConfigurationException naming the key if the container offers no such DataSource
     */
    private static DataSource dataSource(Settings settings, Container container) {
        String name = settings.get(JdbcSettings.DATASOURCE).map(String::trim).orElse(null);
        String key = settings.keyOf(JdbcSettings.DATASOURCE);
        Optional<DataSource> found;
        try {
            found = container.dataSource(name);
        } catch (RuntimeException e) {
            String lookup = name == null ? "Cannot find the container's default DataSource (" + key + " is not set)"
                    : "Cannot look up '" + name + "' (" + key + ")";
            throw new ConfigurationException(key, lookup + ": " + e.getMessage(), e);
        }
        if (found.isPresent()) {
            return found.get();
        }
        if (name == null) {
            throw new ConfigurationException(key, ("Missing configuration value for %s%s: name the container's"
                    + " DataSource by its JNDI name, or offer a DataSource bean").formatted(key,
                    settings.applicationName() == null ? "" : " (or " + settings.ownKey(key) + ")"));
        }
        throw new ConfigurationException(key, "Cannot look up '%s' (%s) in JNDI, nor find a DataSource bean of that name"
                .formatted(name, key));
    }

    /**
     * @return the application recorder, which is also the process recorder and keeps the data keys, after creating
     *         its tables on first use
     */
    public JdbcApplicationRecorder applicationRecorder() {
        JdbcApplicationRecorder r = recorder;
        if (r == null) {
            synchronized (this) {
                r = recorder;
                if (r == null) {
                    createTables(dialect.createEventsTable(tables), tables.events(), JdbcSettings.EVENTS_TABLE_NAME);
                    r = dialect.applicationRecorder(connections, transactions, tables);
                    recorder = r;
                }
            }
        }
        return r;
    }

    @Override
    public Optional<byte[]> selectDataKey(UUID subjectId) {
        return applicationRecorder().selectDataKey(subjectId);
    }

    @Override
    public List<DataKey> selectDataKeys(UUID after, int limit) {
        return applicationRecorder().selectDataKeys(after, limit);
    }

    @Override
    public int rewrapDataKeys(List<Rewrapped> keys) {
        return applicationRecorder().rewrapDataKeys(keys);
    }

    @Override
    public void insertEvents(List<StoredEvent> events, List<Tracking> tracking, List<DataKey> newKeys,
                             List<UUID> forgotten) {
        applicationRecorder().insertEvents(events, tracking, newKeys, forgotten);
    }

    /** @return the process recorder, after creating the events and tracking tables on first use */
    public ProcessRecorder processRecorder() {
        ProcessRecorder r = applicationRecorder();
        createTrackingTable();
        return r;
    }

    /** @return a read model's recorder, after creating the tracking table on first use (no events table) */
    public ProjectionRecorder projectionRecorder() {
        JdbcProjectionRecorder p = projections;
        if (p == null) {
            synchronized (this) {
                p = projections;
                if (p == null) {
                    createTrackingTable();
                    p = new JdbcProjectionRecorder(dialect, connections, transactions, tables);
                    projections = p;
                }
            }
        }
        return p;
    }

    private void createTrackingTable() {
        if (!trackingTableCreated) {
            synchronized (this) {
                if (!trackingTableCreated) {
                    createTables(dialect.createTrackingTable(tables), tables.tracking(),
                            JdbcSettings.TRACKING_TABLE_NAME);
                    trackingTableCreated = true;
                }
            }
        }
    }

    /** @return the snapshot store, after creating its table on first use */
    public SnapshotRecorder snapshotRecorder() {
        SnapshotRecorder s = snapshots;
        if (s == null) {
            synchronized (this) {
                s = snapshots;
                if (s == null) {
                    createTables(dialect.createSnapshotsTable(tables), tables.snapshots(),
                            JdbcSettings.SNAPSHOTS_TABLE_NAME);
                    s = new JdbcSnapshotRecorder(dialect, connections, transactions, tables);
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
                dialect.createTables(connection, ddl, claim);
            } finally {
                connections.releaseWriter(connection);
            }
        } catch (SQLException e) {
            failedToConnect(tables.qualified(table), e);
            throw new DatabaseException(tables.qualified(table), "Cannot create table %s: %s"
                    .formatted(tables.qualified(table), e.getMessage()), e);
        }
    }

    private void checkOwner(String table, String key) {
        try {
            Connection connection = connections.acquire();
            try {
                if (dialect.tableExists(connection, owners.registry())) {
                    owners.check(connection, table, key);
                }
            } finally {
                connections.release(connection);
            }
        } catch (SQLException e) {
            failedToConnect(owners.registry(), e);
            throw new DatabaseException(owners.registry(), "Cannot read the owner of table %s from %s: %s"
                    .formatted(tables.qualified(table), owners.registry(), e.getMessage()), e);
        }
    }

    /**
     * Over the library's own connections, if the error says that a connection could not be made: throws why, naming
     * the keys to check, as a {@link ConfigurationException} if only a setting can fix it (an unknown host, database
     * or user, a wrong password, a file that cannot be opened), else (refused, timed out) a {@link DatabaseException}.
     */
    private void failedToConnect(String table, SQLException e) {
        ConnectionFailure failure = ownConnections == null ? null : dialect.connectionFailure(ownConnections, e);
        if (failure != null) {
            throw failure.setting() ? new ConfigurationException(failure.key(), failure.message(), e)
                    : new DatabaseException(table, failure.message(), e);
        }
    }

    @Override
    public void close() {
        try {
            JdbcApplicationRecorder r = recorder;
            if (r != null) {
                r.close();
            }
        } finally {
            connections.close();
        }
    }
}
