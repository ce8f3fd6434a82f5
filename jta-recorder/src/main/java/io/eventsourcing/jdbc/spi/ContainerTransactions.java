package io.eventsourcing.jdbc.spi;

import java.sql.SQLException;

/**
 * The container's JTA transaction as the recorders see it, without naming a JTA type, so that this module works
 * when the JTA API is not on the class path ({@link #NONE}). For the recorders of database modules; thread-safe.
 */
public interface ContainerTransactions {

    /** No transaction manager: every save runs its own local transaction. */
    ContainerTransactions NONE = new ContainerTransactions() {
        @Override
        public boolean isActive() {
            return false;
        }

        @Override
        public Object getResource(Object key) {
            throw new IllegalStateException("No JTA transaction");
        }

        @Override
        public void putResource(Object key, Object value) {
            throw new IllegalStateException("No JTA transaction");
        }

        @Override
        public void afterCommit(Runnable action) {
            throw new IllegalStateException("No JTA transaction");
        }

        @Override
        public void setRollbackOnly() {
            throw new IllegalStateException("No JTA transaction");
        }
    };

    /** @return whether the calling thread runs in a JTA transaction that can still commit or is marked to roll back */
    boolean isActive();

    /** @return what {@link #putResource} stored under the key in the current transaction, or {@code null} */
    Object getResource(Object key);

    /** Stores a value in the current transaction, to be found again by {@link #getResource}. */
    void putResource(Object key, Object value);

    /**
     * Runs the action after the current transaction has committed, on the committing thread; not if it rolls back
     * or is marked to. The library's one after-commit: the recorders' {@code afterCommit}, through which
     * applications run their save listeners, and PostgreSQL's numbering use it. The action must not throw: the
     * transaction is over.
     */
    void afterCommit(Runnable action);

    /** Marks the current transaction so that it can only roll back. */
    void setRollbackOnly();

    /**
     * Runs the work in a JTA transaction begun for it on the calling thread, if none is active there and the
     * container offers a way to begin one (its {@code TransactionManager} or {@code UserTransaction}): committed when
     * the work returns, rolled back if it throws. In that transaction the work's connections of the container's
     * DataSource, and a JPA {@code EntityManager} on it, join one another. Without such a way (plain Java, the
     * library's own pool), or with a transaction active, it returns {@code false} and does not run the work.
     *
     * @param doing what the work does, for the message of a failed commit ("insert the tracking of ...")
     * @return whether it ran the work (in a transaction that committed)
     * @throws SQLException          what the work threw, after rolling back
     * @throws IllegalStateException naming what the work did if the transaction could not begin or commit (it
     *                               rolled back: a synchronization, such as a JPA flush, failed)
     */
    default boolean runInNewTransaction(String doing, Work work) throws SQLException {
        return false;
    }

    /** Work in a transaction that {@link #runInNewTransaction} begins. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }
}
