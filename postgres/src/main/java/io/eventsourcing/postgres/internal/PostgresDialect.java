package io.eventsourcing.postgres.internal;

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
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.postgres.PostgresSettings;

import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * PostgreSQL for the JDBC recorders: its own connections, table definitions, batched inserts as arrays, errors,
 * and the {@link PostgresRecorder} that numbers rows after their commit. Registered in {@code META-INF/services}.
 */
public final class PostgresDialect implements Dialect {

    /** SQLState of a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLState of an unknown database. */
    private static final String INVALID_CATALOG_NAME = "3D000";
    private static final String DRIVER = "org.postgresql.Driver";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]");

    @Override
    public String name() {
        return PostgresSettings.PERSISTENCE;
    }

    @Override
    public boolean accepts(String productName) {
        return productName.contains("postgres");
    }

    @Override
    public String schemaKey() {
        return PostgresSettings.SCHEMA;
    }

    /** Our own pool, from {@link PostgresSettings}. */
    @Override
    public Connections connect(Settings settings) {
        String host = settings.require(PostgresSettings.HOST).trim();
        if (!HOST.matcher(host).matches()) {
            String key = settings.keyOf(PostgresSettings.HOST);
            throw new ConfigurationException(key, "Invalid value '%s' for %s: expected a host name or IP address"
                    .formatted(host, key));
        }
        int port = settings.getInt(PostgresSettings.PORT, 5432, 1, 65535);
        String dbname = settings.requireNonBlank(PostgresSettings.DBNAME);
        String user = settings.requireNonBlank(PostgresSettings.USER);
        String password = settings.get(PostgresSettings.PASSWORD, "");
        int poolSize = settings.getInt(PostgresSettings.POOL_SIZE, 5, 1, 10_000);
        int connectTimeout = settings.getInt(PostgresSettings.CONNECT_TIMEOUT, 5, 1, 3600);
        int lockTimeout = settings.getInt(PostgresSettings.LOCK_TIMEOUT, 0, 0, 86_400);
        int idleTimeout = settings.getInt(PostgresSettings.IDLE_IN_TRANSACTION_SESSION_TIMEOUT, 0, 0, 86_400);
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
        Pool.requireDriver(DRIVER, url, "PostgreSQL", "org.postgresql:postgresql",
                settings.keyOf(Settings.PERSISTENCE), settings.require(Settings.PERSISTENCE).trim());
        return new Pool(url, DRIVER, poolSize, connectTimeout, user, password, Map.of(
                "connectTimeout", Integer.toString(connectTimeout),
                "ApplicationName", "eventsourcing",
                "options", "-c lock_timeout=" + lockTimeout + "s -c idle_in_transaction_session_timeout="
                        + idleTimeout + "s")).open(settings.keyOf(PostgresSettings.HOST), false);
    }

    /**
     * An unknown host, database or user or a wrong password (only a setting fixes them), or a server that refused the
     * connection or did not answer (SQLState class 08).
     */
    @Override
    public ConnectionFailure connectionFailure(Settings settings, SQLException e) {
        String state = ConnectionFailure.sqlState(e);
        UnknownHostException unknownHost = ConnectionFailure.find(e, UnknownHostException.class);
        if (unknownHost == null && (state == null || !(state.startsWith("08") || state.startsWith("28")
                || state.equals(INVALID_CATALOG_NAME)))) {
            return null;
        }
        String hostKey = settings.keyOf(PostgresSettings.HOST);
        String host = settings.get(PostgresSettings.HOST, "").trim();
        String portKey = settings.keyOf(PostgresSettings.PORT);
        String port = settings.get(PostgresSettings.PORT, "5432").trim();
        String dbnameKey = settings.keyOf(PostgresSettings.DBNAME);
        String dbname = settings.get(PostgresSettings.DBNAME, "");
        String userKey = settings.keyOf(PostgresSettings.USER);
        String user = settings.get(PostgresSettings.USER, "");
        String passwordKey = settings.keyOf(PostgresSettings.PASSWORD, true);
        String server = "Cannot connect to PostgreSQL at " + host + ":" + port;
        String text = ConnectionFailure.driverText(e);
        if (unknownHost != null) {
            return new ConnectionFailure(hostKey, "Cannot connect to PostgreSQL: unknown host '%s' (%s=%s): %s"
                    .formatted(host, hostKey, host, text), true);
        }
        if (state.equals(INVALID_CATALOG_NAME)) {
            return new ConnectionFailure(dbnameKey, "%s: no database '%s' (%s=%s): %s"
                    .formatted(server, dbname, dbnameKey, dbname, text), true);
        }
        if (state.startsWith("28")) {
            return new ConnectionFailure(userKey, ("%s: the server refused user '%s' (%s=%s and %s, not shown): %s")
                    .formatted(server, user, userKey, user, passwordKey, text), true);
        }
        return new ConnectionFailure(hostKey, "%s (%s=%s, %s=%s): %s"
                .formatted(server, hostKey, host, portKey, port, text), false);
    }

    @Override
    public JdbcApplicationRecorder applicationRecorder(Connections connections, ContainerTransactions transactions,
                                                       Tables tables) {
        return new PostgresRecorder(this, connections, transactions, tables);
    }

    @Override
    public String insertRowsSql(String table) {
        return insertEvents(table);
    }

    /** One statement, so all or none in autocommit too. */
    @Override
    public void insertRows(Connection connection, String sql, List<StoredEvent> rows, boolean local)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindEvents(connection, statement, 1, rows);
            statement.executeUpdate();
        }
    }

    /**
     * The rows of one save as four array parameters, so a save of any size is one statement (and one prepared
     * statement in the driver's cache) with a fixed text.
     */
    static final String UNNEST_EVENTS = "unnest(?::uuid[], ?::integer[], ?::text[], ?::bytea[]) WITH ORDINALITY"
            + " AS e(originator_id, originator_version, topic, state, ord)";

    /** @return an insert of the rows {@link #bindEvents} binds, in their order, without notification ids */
    static String insertEvents(String table) {
        return "INSERT INTO " + table + " (originator_id, originator_version, topic, state)"
                + " SELECT e.originator_id, e.originator_version, e.topic, e.state FROM " + UNNEST_EVENTS;
    }

    /** @return the insert of tracking records of one upstream application, their ids bound as an array */
    static String insertTracking(String trackingTable) {
        return "INSERT INTO " + trackingTable + " (application_name, notification_id) SELECT ?, unnest(?::bigint[])";
    }

    /** Binds the events as the four arrays of {@link #UNNEST_EVENTS} from {@code index}; @return the next index */
    static int bindEvents(Connection connection, PreparedStatement statement, int index, List<StoredEvent> events)
            throws SQLException {
        int n = events.size();
        UUID[] ids = new UUID[n];
        Integer[] versions = new Integer[n];
        String[] topics = new String[n];
        byte[][] states = new byte[n][];
        for (int i = 0; i < n; i++) {
            StoredEvent event = events.get(i);
            ids[i] = event.originatorId();
            versions[i] = event.originatorVersion();
            topics[i] = event.topic();
            states[i] = event.state();
        }
        statement.setArray(index, connection.createArrayOf("uuid", ids));
        statement.setArray(index + 1, connection.createArrayOf("int4", versions));
        statement.setArray(index + 2, connection.createArrayOf("text", topics));
        statement.setArray(index + 3, connection.createArrayOf("bytea", states));
        return index + 4;
    }

    @Override
    public void setUuid(PreparedStatement statement, int index, UUID id) throws SQLException {
        statement.setObject(index, id);
    }

    @Override
    public UUID getUuid(ResultSet results, int index) throws SQLException {
        return results.getObject(index, UUID.class);
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A key for {@code pg_advisory_xact_lock} derived from a name (64-bit FNV-1a), the same in every process, so
     * that all writers of one table take the same lock.
     */
    static long lockKey(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : ("eventsourcing:" + name).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * The channel on which numberings of the table notify listeners ({@code NOTIFY}, {@link Listener}): a lower-case
     * identifier of 30 characters (PostgreSQL allows 63), the same in every process, from the table's lock key.
     */
    static String channel(String table) {
        return "eventsourcing_%016x".formatted(lockKey(table));
    }

    /**
     * The events table's column that orders rows as they were inserted, from a sequence: within one insert in the
     * order of its events, and across transactions in real time, so that a row inserted after another committed
     * (the next version of an aggregate) has a higher value. Numbering orders rows by it, never by where they are
     * stored ({@code ctid}), which an insert spilling onto a page with free space lower in the table does not
     * follow.
     */
    static final String INSERT_SEQ = "insert_seq";

    /**
     * The events table's column naming the (top-level) transaction that inserted the row, so that numbering keeps
     * a transaction's rows together even where it finds them itself, not from the queue of the process that
     * committed them (the sweep; the earlier versions a numbering takes along). Not {@code xmin}, which names a
     * subtransaction where the caller used a savepoint.
     */
    static final String INSERT_XACT = "insert_xact";

    @Override
    public List<String> createEventsTable(Tables tables) {
        String table = tables.qualified(tables.events());
        List<String> ddl = schema(tables);
        ddl.add("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "originator_id uuid NOT NULL, "
                + "originator_version integer NOT NULL, "
                + "topic text NOT NULL, "
                + "state bytea NOT NULL, "
                + "notification_id bigint, "
                + INSERT_SEQ + " bigint GENERATED ALWAYS AS IDENTITY, "
                + INSERT_XACT + " xid8 NOT NULL DEFAULT pg_current_xact_id(), "
                + "CONSTRAINT " + tables.events() + "_pkey PRIMARY KEY (originator_id, originator_version))");
        // Tables of earlier versions lack them: checked first, as ALTER TABLE locks the table even when it has them.
        ddl.add("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = '" + INSERT_XACT + "' AND NOT attisdropped) THEN ALTER TABLE " + table
                + " ADD COLUMN " + INSERT_SEQ + " bigint GENERATED ALWAYS AS IDENTITY, ADD COLUMN " + INSERT_XACT
                + " xid8 NOT NULL DEFAULT pg_current_xact_id(); END IF; END $$");
        // Readers page through this index; being unique, it also refuses any id given twice. It holds the rows not
        // numbered yet too (a B-tree indexes NULLs), which the sequencer and the sweep find through it.
        ddl.add("CREATE UNIQUE INDEX IF NOT EXISTS " + tables.events() + "_notification_id_idx ON " + table
                + " (notification_id)");
        // A deleted key's row stays in the table's file until VACUUM frees it (eventually, or at once if run).
        ddl.add("CREATE TABLE IF NOT EXISTS " + tables.qualified(tables.dataKeys()) + " ("
                + "subject_id uuid NOT NULL, "
                + "wrapped bytea NOT NULL, "
                + "CONSTRAINT " + tables.dataKeys() + "_pkey PRIMARY KEY (subject_id))");
        return ddl;
    }

    @Override
    public List<String> createSnapshotsTable(Tables tables) {
        List<String> ddl = schema(tables);
        ddl.add("CREATE TABLE IF NOT EXISTS " + tables.qualified(tables.snapshots()) + " ("
                + "originator_id uuid NOT NULL, "
                + "originator_version integer NOT NULL, "
                + "topic text NOT NULL, "
                + "state bytea NOT NULL, "
                + "CONSTRAINT " + tables.snapshots() + "_pkey PRIMARY KEY (originator_id, originator_version))");
        ddl.add("CREATE TABLE IF NOT EXISTS " + tables.qualified(tables.snapshotSubjects()) + " ("
                + "subject_id uuid NOT NULL, "
                + "originator_id uuid NOT NULL, "
                + "originator_version integer NOT NULL, "
                + "CONSTRAINT " + tables.snapshotSubjects() + "_pkey PRIMARY KEY (subject_id, originator_id,"
                + " originator_version))");
        return ddl;
    }

    @Override
    public List<String> createTrackingTable(Tables tables) {
        List<String> ddl = schema(tables);
        ddl.add("CREATE TABLE IF NOT EXISTS " + tables.qualified(tables.tracking()) + " ("
                + "application_name text NOT NULL, "
                + "notification_id bigint NOT NULL, "
                + "CONSTRAINT " + tables.tracking() + "_pkey PRIMARY KEY (application_name, notification_id))");
        ddl.add("CREATE TABLE IF NOT EXISTS " + tables.qualified(tables.deadLetters()) + " ("
                + DEAD_LETTER_COLUMNS + ", CONSTRAINT " + tables.deadLetters()
                + "_pkey PRIMARY KEY (application_name, notification_id))");
        return ddl;
    }

    /** @return whether the table exists, looked up as SQL refers to it (in the search path if unqualified) */
    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, table);
            try (ResultSet results = select.executeQuery()) {
                return results.next() && results.getBoolean(1);
            }
        }
    }

    private static List<String> schema(Tables tables) {
        List<String> ddl = new ArrayList<>(3);
        if (tables.schema() != null) {
            ddl.add("CREATE SCHEMA IF NOT EXISTS " + tables.schema());
        }
        return ddl;
    }

    /**
     * Under an advisory lock: {@code IF NOT EXISTS} alone does not keep applications starting together from racing to
     * create the same table.
     */
    @Override
    public void createTables(Connection connection, List<String> ddl, InTransaction then) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + lockKey("create-table") + ")");
            for (String sql : ddl) {
                statement.execute(sql);
            }
            if (then != null) {
                then.run(connection);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
