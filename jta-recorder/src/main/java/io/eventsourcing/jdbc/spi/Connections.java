package io.eventsourcing.jdbc.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Where the recorders get connections: a pool (ours or the container's, whose connections join its JTA
 * transaction), or one shared connection for an in-memory SQLite database, which exists only as long as that
 * connection and which threads then take turns to use. For the recorders of database modules; thread-safe.
 */
public abstract class Connections implements AutoCloseable {

    Connections() {
    }

    /** @return a connection; give it back with {@link #release} */
    public abstract Connection acquire() throws SQLException;

    /** Gives back what {@link #acquire} returned. */
    public abstract void release(Connection connection) throws SQLException;

    /**
     * @return a connection for a read: the JTA transaction's if one is active (it sees the caller's own writes), else
     *         one in autocommit mode; give it back with {@link #release}
     */
    public final Connection acquireForReading(ContainerTransactions transactions) throws SQLException {
        Connection connection = acquire();
        try {
            if (!connection.getAutoCommit() && !transactions.isActive()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            release(connection);
            throw e;
        }
    }

    /**
     * @return a connection for a local write transaction, after the writers of this process before it finished
     * (for SQLite, which lets one writer at a time in, so that writers queue here rather than poll its lock);
     * give it back with {@link #releaseWriter}
     */
    public Connection acquireWriter() throws SQLException {
        return acquire();
    }

    /** Gives back what {@link #acquireWriter} returned. */
    public void releaseWriter(Connection connection) throws SQLException {
        release(connection);
    }

    /**
     * @return a connection for a long session of its own outside any transaction (PostgreSQL's {@code LISTEN}):
     * opened by the driver beside the library's own pool, so that it holds none of the pool's connections; one of
     * the DataSource's where the container's is used. The caller closes it.
     * @throws SQLException if it cannot be opened, or where there is one connection only (in-memory SQLite)
     */
    public abstract Connection openSession() throws SQLException;

    /** Closes what this opened (our own pool), not a container's DataSource. */
    @Override
    public abstract void close();

    /**
     * @param owned      what to close with this (our own pool), or {@code null} for a container's DataSource
     * @param serialised whether {@link #acquireWriter} queues writers
     */
    public static Connections of(DataSource dataSource, AutoCloseable owned, boolean serialised) {
        return new Pooled(dataSource, owned, serialised ? new ReentrantLock() : null, null);
    }

    /** Our own pool, with the driver opening {@link #openSession() sessions} beside it. */
    static Connections ownPool(DataSource pool, boolean serialised, Opener sessions) {
        return new Pooled(pool, pool instanceof AutoCloseable owned ? owned : null,
                serialised ? new ReentrantLock() : null, sessions);
    }

    /** Opens a connection. */
    interface Opener {
        Connection open() throws SQLException;
    }

    public static Connections single(Connection connection) {
        return new Single(connection);
    }

    private static final class Pooled extends Connections {
        private final DataSource dataSource;
        private final AutoCloseable owned;
        private final ReentrantLock writers;
        /** Opens sessions beside our own pool, or {@code null} to take them from the DataSource. */
        private final Opener sessions;

        Pooled(DataSource dataSource, AutoCloseable owned, ReentrantLock writers, Opener sessions) {
            this.dataSource = dataSource;
            this.owned = owned;
            this.writers = writers;
            this.sessions = sessions;
        }

        @Override
        public Connection openSession() throws SQLException {
            return sessions != null ? sessions.open() : dataSource.getConnection();
        }

        @Override
        public Connection acquireWriter() throws SQLException {
            if (writers == null) {
                return acquire();
            }
            writers.lock();
            try {
                return acquire();
            } catch (SQLException | RuntimeException e) {
                writers.unlock();
                throw e;
            }
        }

        @Override
        public void releaseWriter(Connection connection) throws SQLException {
            try {
                release(connection);
            } finally {
                if (writers != null) {
                    writers.unlock();
                }
            }
        }

        @Override
        public Connection acquire() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void release(Connection connection) throws SQLException {
            connection.close();
        }

        @Override
        public void close() {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot close the connection pool", e);
                }
            }
        }
    }

    private static final class Single extends Connections {
        private final Connection connection;
        private final ReentrantLock lock = new ReentrantLock();

        Single(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Connection acquire() {
            lock.lock();
            return connection;
        }

        @Override
        public Connection openSession() throws SQLException {
            throw new SQLFeatureNotSupportedException("One connection only: no session of its own");
        }

        @Override
        public void release(Connection connection) {
            lock.unlock();
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot close the in-memory SQLite database", e);
            }
        }
    }
}
