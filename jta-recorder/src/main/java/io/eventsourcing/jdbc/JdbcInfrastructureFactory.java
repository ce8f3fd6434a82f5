package io.eventsourcing.jdbc;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.internal.Backend;
import io.eventsourcing.jdbc.spi.Dialect;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.ProjectionRecorder;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.serialization.Mapper;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Objects;
import javax.sql.DataSource;

/**
 * The infrastructure of one application on a database whose module (a {@link Dialect}) is on the class path:
 * {@code eventsourcing-postgres}, {@code eventsourcing-sqlite}. Applications get it through
 * {@code eventsourcing.persistence} = the database's name ({@code postgres}, {@code sqlite}: the library's own
 * connections, configured by the database module's keys) or {@code datasource} (the container's DataSource, see
 * {@link JdbcSettings}); a caller, such as a test, can hand over a DataSource itself:
 *
 * <pre>{@code
 * try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(settings, dataSource)) {
 *     EventStore store = factory.eventStore();
 * }
 * }</pre>
 *
 * <p>When a JTA transaction is active the recorders use the DataSource's connection enlisted in it and neither
 * commit nor roll back: the events commit or roll back with the caller's transaction. Without one, each save runs
 * in a transaction of its own. Notification ids follow the ordering guarantee of
 * {@link ApplicationRecorder}; on PostgreSQL they are assigned just after the transaction commits (see the README,
 * "Databases and JTA"), so writers are never serialised by a lock held during or through their commit.
 *
 * <p>Thread-safe. Owns the connection pool it made (not a DataSource it was given) and closes it on
 * {@link #close()}. Creating it checks the settings and creates the tables (unless
 * {@value JdbcSettings#CREATE_TABLE} is {@code false}); if that fails nothing stays open.
 */
public final class JdbcInfrastructureFactory implements InfrastructureFactory {

    private final Mapper mapper;
    private final Backend backend;

    private JdbcInfrastructureFactory(Settings settings, Backend backend) {
        this.backend = backend;
        try {
            this.mapper = Mapper.create(settings).withDataKeys(backend);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * @param settings the configuration; {@code eventsourcing.persistence} selects a database by its name
     *                 ({@code postgres}, {@code sqlite}) or {@code datasource} (the container's DataSource named by
     *                 {@value JdbcSettings#DATASOURCE}, or its default one: see
     *                 {@link io.eventsourcing.container.Container})
     * @throws ConfigurationException naming the key of a missing or invalid value
     */
    public static JdbcInfrastructureFactory create(Settings settings) {
        return new JdbcInfrastructureFactory(settings, Backend.open(settings));
    }

    /**
     * Over the dialect's own connections (a database module's provider uses this).
     *
     * @throws ConfigurationException naming the key of a missing or invalid value
     */
    public static JdbcInfrastructureFactory create(Settings settings, Dialect dialect) {
        return new JdbcInfrastructureFactory(settings, Backend.open(settings, Objects.requireNonNull(dialect,
                "dialect")));
    }

    /**
     * Over a DataSource the caller manages (and closes), of a database detected from the driver, joining the JTA
     * transactions of the container ({@link io.eventsourcing.container.Container#current()}); without any, saves run
     * in transactions of their own.
     *
     * @throws ConfigurationException naming the key of an invalid value, or if the database is not supported
     */
    public static JdbcInfrastructureFactory create(Settings settings, DataSource dataSource) {
        return new JdbcInfrastructureFactory(settings, Backend.open(settings, Objects.requireNonNull(dataSource, "dataSource"),
                null));
    }

    /**
     * As {@link #create(Settings, DataSource)}, joining the transactions of this registry (for tests, or callers
     * that hold the registry themselves).
     */
    public static JdbcInfrastructureFactory create(Settings settings, DataSource dataSource,
                                                   TransactionSynchronizationRegistry registry) {
        Object given = Objects.requireNonNull(registry, "registry");
        return new JdbcInfrastructureFactory(settings, Backend.open(settings, Objects.requireNonNull(dataSource, "dataSource"),
                given));
    }

    @Override
    public Mapper mapper() {
        return mapper;
    }

    /** @return the application recorder, which also keeps the data keys of personal data ({@link DataKeyRecorder}) */
    @Override
    public ApplicationRecorder applicationRecorder() {
        return backend.applicationRecorder();
    }

    /** Creates the tracking table on first use. */
    @Override
    public ProcessRecorder processRecorder() {
        return backend.processRecorder();
    }

    /** Creates the tracking table on first use (and no events table). */
    @Override
    public ProjectionRecorder projectionRecorder() {
        return backend.projectionRecorder();
    }

    /** @return the store of snapshots, an aggregate recorder over its own table, created on first use */
    @Override
    public SnapshotRecorder snapshotRecorder() {
        return backend.snapshotRecorder();
    }

    @Override
    public void close() {
        backend.close();
    }
}
