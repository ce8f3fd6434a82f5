package io.eventsourcing.jdbc.spi;

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
}
