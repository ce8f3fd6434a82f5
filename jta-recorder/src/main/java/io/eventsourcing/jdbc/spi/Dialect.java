package io.eventsourcing.jdbc.spi;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.StoredEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * What one database brings to the JDBC recorders: its SQL, its own connections and its application recorder (how
 * it assigns notification ids is what keeps the log's ordering guarantee, and is each database's). The rest (JTA
 * joining, the container's DataSource, table names and owners, reading aggregates, the notification log and
 * tracking records, the snapshot store) is common, in {@code eventsourcing-jta-recorder}.
 *
 * <p>A database module registers its dialect in {@code META-INF/services/io.eventsourcing.jdbc.spi.Dialect}, which
 * makes {@code eventsourcing.persistence=}{@link #name()} (the library's own connections) and
 * {@code eventsourcing.persistence=datasource} over a DataSource of that database work. Implementations are
 * stateless and thread-safe.
 */
public interface Dialect {

    /** The dead-letters table's columns, which the common statements read and write: the same in every database. */
    String DEAD_LETTER_COLUMNS = "application_name VARCHAR(200) NOT NULL, notification_id BIGINT NOT NULL,"
            + " topic VARCHAR(1000) NOT NULL, originator_id VARCHAR(36) NOT NULL, originator_version INTEGER NOT NULL,"
            + " error TEXT NOT NULL";

    /** @return the value of {@code eventsourcing.persistence} that selects this database with its own connections */
    String name();

    /** @return whether a DataSource whose database product name (from its driver) is this is of this database */
    boolean accepts(String productName);

    /** @return the key of the setting naming the schema of the tables, or {@code null} if this database has none */
    String schemaKey();

    /**
     * @return the library's own connections to the database, from this database's settings
     * @throws ConfigurationException naming the key of a missing or invalid value
     */
    Connections connect(Settings settings);

    /**
     * @param settings the settings {@link #connect} made the connections from
     * @param e        an error of the library's own connections, at start-up (creating the tables)
     * @return if the error says that a connection could not be made (rather than that a statement failed), why,
     *         naming the keys and values to check; else {@code null}
     */
    default ConnectionFailure connectionFailure(Settings settings, SQLException e) {
        return null;
    }

    /**
     * @return the statements that create the events table and its indexes, and the data keys table
     *         ({@code subject_id} as this database stores UUIDs, its primary key; {@code wrapped} bytes), if they do
     *         not exist
     */
    List<String> createEventsTable(Tables tables);

    /** @return the statements that create the snapshots table if it does not exist */
    List<String> createSnapshotsTable(Tables tables);

    /**
     * @return the statements that create the tracking table and the dead-letters table (with
     *         {@link #DEAD_LETTER_COLUMNS}, keyed by application name and notification id) if they do not exist
     */
    List<String> createTrackingTable(Tables tables);

    /**
     * Runs the statements, then {@code then} (if not {@code null}), in one transaction that keeps applications
     * starting together from racing to create the same tables; rolls back if either throws.
     */
    void createTables(Connection connection, List<String> ddl, InTransaction then) throws SQLException;

    /**
     * Runs the work in a local transaction of its own on a connection in autocommit mode: commits if it returns,
     * rolls back if it throws; the connection is in autocommit mode again afterwards.
     */
    default void inLocalTransaction(Connection connection, InTransaction work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run(connection);
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Makes the connection overwrite what its deletes free, where the database would otherwise leave the deleted
     * bytes in its file (a forgotten subject's data key); by default nothing.
     */
    default void secureDelete(Connection connection) throws SQLException {
    }

    /** @return whether the table exists, named as SQL refers to it */
    boolean tableExists(Connection connection, String table) throws SQLException;

    /** Binds a UUID the way this database stores it. */
    void setUuid(PreparedStatement statement, int index, UUID id) throws SQLException;

    /** Reads a UUID the way this database stores it. */
    UUID getUuid(ResultSet results, int index) throws SQLException;

    /** @return whether the database refused a row because its key is already stored */
    boolean isUniqueViolation(SQLException e);

    /** @return the statement {@link #insertRows} runs to insert rows into an aggregate table (the snapshots) */
    String insertRowsSql(String table);

    /**
     * Inserts rows into an aggregate table, all or none.
     *
     * @param local whether in a transaction of its own (the connection is in autocommit mode), or else in the
     *              connection's current transaction, which it neither commits nor rolls back
     */
    void insertRows(Connection connection, String sql, List<StoredEvent> rows, boolean local) throws SQLException;

    /** @return the recorder of the application's events, notification log and tracking records */
    JdbcApplicationRecorder applicationRecorder(Connections connections, ContainerTransactions transactions,
                                                Tables tables);
}
