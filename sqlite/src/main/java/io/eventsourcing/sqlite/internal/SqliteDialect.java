package io.eventsourcing.sqlite.internal;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.spi.ConnectionFailure;
import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.jdbc.spi.ContainerTransactions;
import io.eventsourcing.jdbc.spi.Dialect;
import io.eventsourcing.jdbc.spi.InTransaction;
import io.eventsourcing.jdbc.spi.JdbcApplicationRecorder;
import io.eventsourcing.jdbc.spi.Pool;
import io.eventsourcing.jdbc.spi.Tables;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.sqlite.SqliteSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * SQLite for the JDBC recorders: its own connections (a file in WAL mode, or {@code :memory:}), its SQL and the
 * {@link SqliteRecorder}. UUIDs are stored as 16-byte blobs. Rows are inserted one statement each (SQLite runs in
 * the process, so there is no round trip to save), which tells exactly which row conflicted. Registered in
 * {@code META-INF/services}.
 */
public final class SqliteDialect implements Dialect {

    /** Primary result code of a constraint violation; the driver may report an extended code. */
    private static final int SQLITE_CONSTRAINT = 19;
    /** Primary result code of a database file that cannot be opened. */
    private static final int SQLITE_CANTOPEN = 14;
    private static final String DRIVER = "org.sqlite.JDBC";
    private static final int POOL_SIZE = 8;

    @Override
    public String name() {
        return SqliteSettings.PERSISTENCE;
    }

    @Override
    public boolean accepts(String productName) {
        return productName.contains("sqlite");
    }

    /** @return {@code null}: SQLite has no schemas */
    @Override
    public String schemaKey() {
        return null;
    }

    /**
     * Our own connections, from {@link SqliteSettings}: a pool whose writers queue in this process (SQLite lets one
     * in at a time), or for an in-memory database its one connection, which all threads share in turn (the
     * database lives and dies with it).
     */
    @Override
    public Connections connect(Settings settings) {
        String dbname = settings.requireNonBlank(SqliteSettings.DBNAME);
        int lockTimeout = settings.getInt(SqliteSettings.LOCK_TIMEOUT, 5, 0, 86_400);
        String busyTimeout = Integer.toString(lockTimeout * 1000);
        String key = settings.keyOf(SqliteSettings.DBNAME);
        Pool.requireDriver(DRIVER, "jdbc:sqlite:" + dbname, "SQLite", "org.xerial:sqlite-jdbc",
                settings.keyOf(Settings.PERSISTENCE), settings.require(Settings.PERSISTENCE).trim());
        if (dbname.equals(":memory:") || dbname.contains("mode=memory")) {
            Properties properties = new Properties();
            properties.setProperty("busy_timeout", busyTimeout);
            try {
                Class<?> driver = Pool.driver(DRIVER);
                String url = "jdbc:sqlite:" + dbname;
                return Connections.single(driver != null
                        ? ((Driver) driver.getDeclaredConstructor().newInstance()).connect(url, properties)
                        : DriverManager.getConnection(url, properties));
            } catch (SQLException | ReflectiveOperationException | ClassCastException e) {
                throw new ConfigurationException(key, "Cannot open SQLite database '%s' (%s): %s"
                        .formatted(dbname, key, e.getMessage()), e);
            }
        }
        return new Pool("jdbc:sqlite:" + dbname, DRIVER, POOL_SIZE, Math.max(lockTimeout, 1) * 2, null, null,
                Map.of("busy_timeout", busyTimeout, "journal_mode", "WAL")).open(key, true);
    }

    /** A database file that cannot be opened or created (SQLITE_CANTOPEN): its folder is missing or not writable. */
    @Override
    public ConnectionFailure connectionFailure(Settings settings, SQLException e) {
        SQLException cantOpen = null;
        for (Throwable t = e; t != null && cantOpen == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() & 0xff) == SQLITE_CANTOPEN) {
                cantOpen = s;
            }
        }
        if (cantOpen == null) {
            return null;
        }
        String key = settings.keyOf(SqliteSettings.DBNAME);
        String dbname = settings.get(SqliteSettings.DBNAME, "");
        String why = "";
        try {
            Path folder = Path.of(dbname).toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                why = ": its folder " + folder + " does not exist";
            } else if (folder != null && !Files.isWritable(folder)) {
                why = ": its folder " + folder + " is not writable";
            }
        } catch (RuntimeException notAPath) {
            // a URI or other form: the driver's text says why
        }
        return new ConnectionFailure(key, "Cannot open the SQLite database file '%s' (%s=%s)%s: %s"
                .formatted(dbname, key, dbname, why, ConnectionFailure.driverText(e)), true);
    }

    @Override
    public JdbcApplicationRecorder applicationRecorder(Connections connections, ContainerTransactions transactions,
                                                       Tables tables) {
        return new SqliteRecorder(this, connections, transactions, tables);
    }

    @Override
    public String insertRowsSql(String table) {
        return insertEvents(table);
    }

    @Override
    public void insertRows(Connection connection, String sql, List<StoredEvent> rows, boolean local)
            throws SQLException {
        if (local) {
            immediate(connection, c -> insert(c, sql, null, rows, List.of()));
        } else {
            insert(connection, sql, null, rows, List.of());
        }
    }

    static String insertEvents(String table) {
        return "INSERT INTO " + table + " (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)";
    }

    static String insertTracking(String trackingTable) {
        return "INSERT INTO " + trackingTable + " (application_name, notification_id) VALUES (?, ?)";
    }

    /**
     * Inserts the tracking records (if any) and the events in the connection's current transaction.
     *
     * @throws IntegrityException naming the tracking record or the first event already stored
     */
    static void insert(Connection connection, String insertEvents, String insertTracking, List<StoredEvent> events,
                       List<Tracking> tracking) throws SQLException {
        if (!tracking.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(insertTracking)) {
                for (Tracking t : tracking) {
                    insert.setString(1, t.applicationName());
                    insert.setLong(2, t.notificationId());
                    try {
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        if (uniqueViolation(e)) {
                            throw IntegrityException.trackingConflict(t, e);
                        }
                        throw e;
                    }
                }
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertEvents)) {
            for (int i = 0, n = events.size(); i < n; i++) {
                StoredEvent event = events.get(i);
                insert.setBytes(1, bytes(event.originatorId()));
                insert.setInt(2, event.originatorVersion());
                insert.setString(3, event.topic());
                insert.setBytes(4, event.state());
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (uniqueViolation(e)) {
                        throw IntegrityException.versionConflict(event.originatorId(), event.originatorVersion(),
                                event.topic(), e);
                    }
                    throw e;
                }
            }
        }
    }

    /**
     * In a transaction of its own that takes SQLite's write lock at once ({@code BEGIN IMMEDIATE}), waiting up to
     * the busy timeout for another writer, so a write never fails half-way for want of the lock. Rolls back if the
     * work throws. The connection is in autocommit mode before and after.
     */
    @Override
    public void inLocalTransaction(Connection connection, InTransaction work) throws SQLException {
        immediate(connection, work);
    }

    private static void immediate(Connection connection, InTransaction work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                work.run(connection);
                statement.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollback(statement);
                }
            }
        }
    }

    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // The transaction is gone already (SQLite rolls back by itself on some errors); nothing to undo.
        }
    }

    @Override
    public void setUuid(PreparedStatement statement, int index, UUID id) throws SQLException {
        statement.setBytes(index, bytes(id));
    }

    private static byte[] bytes(UUID id) {
        byte[] bytes = new byte[16];
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    @Override
    public UUID getUuid(ResultSet results, int index) throws SQLException {
        byte[] bytes = results.getBytes(index);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[8 + i] & 0xff);
        }
        return new UUID(high, low);
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return uniqueViolation(e);
    }

    private static boolean uniqueViolation(SQLException e) {
        return (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
    }

    @Override
    public List<String> createEventsTable(Tables tables) {
        // notification_id is the rowid: SQLite gives max + 1 at insert, and one writer at a time commits.
        return List.of("CREATE TABLE IF NOT EXISTS " + tables.events() + " ("
                        + "notification_id INTEGER PRIMARY KEY, "
                        + "originator_id BLOB NOT NULL, "
                        + "originator_version INTEGER NOT NULL, "
                        + "topic TEXT NOT NULL, "
                        + "state BLOB NOT NULL)",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + tables.events() + "_aggregate_idx ON " + tables.events()
                        + " (originator_id, originator_version)",
                "CREATE TABLE IF NOT EXISTS " + tables.dataKeys() + " ("
                        + "subject_id BLOB PRIMARY KEY, "
                        + "wrapped BLOB NOT NULL) WITHOUT ROWID");
    }

    /**
     * {@code PRAGMA secure_delete = ON}: SQLite overwrites deleted rows with zeros instead of leaving their bytes in
     * free space of the file (the write-ahead log keeps them until a checkpoint).
     */
    @Override
    public void secureDelete(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA secure_delete = ON");
        }
    }

    @Override
    public List<String> createSnapshotsTable(Tables tables) {
        return List.of("CREATE TABLE IF NOT EXISTS " + tables.snapshots() + " ("
                + "originator_id BLOB NOT NULL, "
                + "originator_version INTEGER NOT NULL, "
                + "topic TEXT NOT NULL, "
                + "state BLOB NOT NULL, "
                + "PRIMARY KEY (originator_id, originator_version)) WITHOUT ROWID",
                "CREATE TABLE IF NOT EXISTS " + tables.snapshotSubjects() + " ("
                        + "subject_id BLOB NOT NULL, "
                        + "originator_id BLOB NOT NULL, "
                        + "originator_version INTEGER NOT NULL, "
                        + "PRIMARY KEY (subject_id, originator_id, originator_version)) WITHOUT ROWID");
    }

    @Override
    public List<String> createTrackingTable(Tables tables) {
        return List.of("CREATE TABLE IF NOT EXISTS " + tables.tracking() + " ("
                + "application_name TEXT NOT NULL, "
                + "notification_id INTEGER NOT NULL, "
                + "PRIMARY KEY (application_name, notification_id)) WITHOUT ROWID",
                "CREATE TABLE IF NOT EXISTS " + tables.deadLetters() + " (" + DEAD_LETTER_COLUMNS
                        + ", PRIMARY KEY (application_name, notification_id)) WITHOUT ROWID");
    }

    /** In a transaction that holds SQLite's write lock from the start. */
    @Override
    public void createTables(Connection connection, List<String> ddl, InTransaction then) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                for (String sql : ddl) {
                    statement.execute(sql);
                }
                if (then != null) {
                    then.run(connection);
                }
                statement.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollback(statement);
                }
            }
        }
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            select.setString(1, table);
            try (ResultSet results = select.executeQuery()) {
                return results.next();
            }
        }
    }
}
