package io.eventsourcing.bench.postgres;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Local JDBC transactions for Axon Framework 4 without Spring: what Spring's {@code DataSourceTransactionManager}
 * and {@code SpringTransactionManager} do, in a few lines. {@link #startTransaction()} takes a connection from the
 * pool, turns autocommit off and binds it to the thread (a nested start joins it); {@link #connectionProvider()}
 * hands out the bound connection (its {@code close()} and {@code commit()} do nothing: the transaction does both),
 * or a pool connection in autocommit mode outside a transaction. So a {@code PooledStreamingEventProcessor}'s batch
 * (its unit of work attaches this manager), its handlers' statements and its {@code JdbcTokenStore} update run in
 * one transaction on one connection, as with Spring; the coordinator's claims commit in transactions of their own.
 */
final class AxonJdbcTransactions implements TransactionManager {

    private final DataSource pool;
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();

    AxonJdbcTransactions(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Transaction startTransaction() {
        if (bound.get() != null) {
            return new Transaction() {      // joins the thread's transaction
                @Override
                public void commit() {
                }

                @Override
                public void rollback() {
                }
            };
        }
        try {
            Connection connection = pool.getConnection();
            connection.setAutoCommit(false);
            bound.set(connection);
            return new Transaction() {
                @Override
                public void commit() {
                    end(connection, true);
                }

                @Override
                public void rollback() {
                    end(connection, false);
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void end(Connection connection, boolean commit) {
        bound.remove();
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // returned to the pool, or dropped by it
            }
        }
    }

    /** @return the thread's transaction's connection, or a pool connection in autocommit mode outside one */
    ConnectionProvider connectionProvider() {
        return () -> {
            Connection connection = bound.get();
            if (connection == null) {
                return pool.getConnection();
            }
            return ConnectionWrapperFactory.wrap(connection, new ConnectionWrapperFactory.ConnectionCloseHandler() {
                @Override
                public void close(Connection delegate) {
                }

                @Override
                public void commit(Connection delegate) {
                }
            });
        };
    }
}
