package io.eventsourcing.jdbc.internal;

import io.eventsourcing.jdbc.spi.ContainerTransactions;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;

import java.sql.SQLException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * {@link ContainerTransactions} over JTA; the only class that names JTA types, loaded only when JTA is on the
 * class path. Prefers the {@link TransactionSynchronizationRegistry}, whose interposed synchronizations run after
 * the application's own (JPA flushes); falls back to a {@link TransactionManager}. Begins transactions
 * ({@link ContainerTransactions#runInNewTransaction}) with a {@link TransactionManager} or {@link UserTransaction}
 * where the container offers one.
 */
final class JtaTransactions {

    private JtaTransactions() {
    }

    static boolean accepts(Object candidate) {
        return candidate instanceof TransactionSynchronizationRegistry || candidate instanceof TransactionManager;
    }

    static boolean begins(Object candidate) {
        return candidate instanceof TransactionManager || candidate instanceof UserTransaction;
    }

    /** Joins through {@code given}; begins with it too if it is a {@link TransactionManager}. */
    static ContainerTransactions of(Object given) {
        return of(given, null);
    }

    /**
     * @param given       a {@link TransactionSynchronizationRegistry} or {@link TransactionManager}, to join
     * @param demarcation a {@link TransactionManager} or {@link UserTransaction} to begin transactions with, or
     *                    {@code null} for {@code given} if it is a transaction manager, else none
     */
    static ContainerTransactions of(Object given, Object demarcation) {
        ContainerTransactions joining;
        if (given instanceof TransactionSynchronizationRegistry registry) {
            joining = new Registry(registry);
        } else if (given instanceof TransactionManager manager) {
            joining = new Manager(manager);
        } else {
            throw new IllegalArgumentException("Expected a jakarta.transaction.TransactionSynchronizationRegistry or"
                    + " TransactionManager, got " + given.getClass().getName());
        }
        Object begins = demarcation != null ? demarcation : given;
        if (begins instanceof TransactionManager manager) {
            return new Beginning(joining, new Demarcation(manager::begin, manager::commit, manager::rollback));
        }
        if (begins instanceof UserTransaction user) {
            return new Beginning(joining, new Demarcation(user::begin, user::commit, user::rollback));
        }
        return joining;
    }

    private static boolean joinable(int status) {
        return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
    }

    private record Registry(TransactionSynchronizationRegistry registry) implements ContainerTransactions {

        @Override
        public boolean isActive() {
            return joinable(registry.getTransactionStatus());
        }

        @Override
        public Object getResource(Object key) {
            return registry.getResource(key);
        }

        @Override
        public void putResource(Object key, Object value) {
            registry.putResource(key, value);
        }

        @Override
        public void afterCommit(Runnable action) {
            if (registry.getTransactionStatus() == Status.STATUS_ACTIVE) {
                registry.registerInterposedSynchronization(new AfterCompletion(status -> {
                    if (status == Status.STATUS_COMMITTED) {
                        action.run();
                    }
                }));
            }
        }

        @Override
        public void setRollbackOnly() {
            registry.setRollbackOnly();
        }
    }

    /** Without a registry: resources are kept per transaction here and dropped when it completes. */
    private record Manager(TransactionManager manager, Map<Transaction, Map<Object, Object>> resources)
            implements ContainerTransactions {

        Manager(TransactionManager manager) {
            this(manager, new ConcurrentHashMap<>());
        }

        @Override
        public boolean isActive() {
            try {
                return joinable(manager.getStatus());
            } catch (SystemException e) {
                throw new IllegalStateException("Cannot get the status of the JTA transaction", e);
            }
        }

        @Override
        public Object getResource(Object key) {
            Map<Object, Object> values = resources.get(current());
            return values == null ? null : values.get(key);
        }

        @Override
        public void putResource(Object key, Object value) {
            Transaction transaction = current();
            Map<Object, Object> values = resources.get(transaction);
            if (values == null) {
                values = new ConcurrentHashMap<>();
                resources.put(transaction, values);
                register(transaction, new AfterCompletion(status -> resources.remove(transaction)));
            }
            values.put(key, value);
        }

        @Override
        public void afterCommit(Runnable action) {
            Transaction transaction = current();
            try {
                if (transaction.getStatus() == Status.STATUS_ACTIVE) {
                    register(transaction, new AfterCompletion(status -> {
                        if (status == Status.STATUS_COMMITTED) {
                            action.run();
                        }
                    }));
                }
            } catch (SystemException e) {
                throw new IllegalStateException("Cannot get the status of the JTA transaction", e);
            }
        }

        @Override
        public void setRollbackOnly() {
            try {
                manager.setRollbackOnly();
            } catch (SystemException e) {
                throw new IllegalStateException("Cannot mark the JTA transaction rollback-only", e);
            }
        }

        private Transaction current() {
            try {
                Transaction transaction = manager.getTransaction();
                if (transaction == null) {
                    throw new IllegalStateException("No JTA transaction");
                }
                return transaction;
            } catch (SystemException e) {
                throw new IllegalStateException("Cannot get the JTA transaction", e);
            }
        }

        private static void register(Transaction transaction, Synchronization synchronization) {
            try {
                transaction.registerSynchronization(synchronization);
            } catch (RollbackException | SystemException e) {
                throw new IllegalStateException("Cannot register with the JTA transaction", e);
            }
        }
    }

    /**
     * Joins as {@code joining} does, and begins transactions where none is active: a transaction manager's or user
     * transaction's {@code begin}, {@code commit} and {@code rollback}, which act on the calling thread's transaction.
     */
    private record Beginning(ContainerTransactions joining, Demarcation demarcation)
            implements ContainerTransactions {

        @Override
        public boolean isActive() {
            return joining.isActive();
        }

        @Override
        public Object getResource(Object key) {
            return joining.getResource(key);
        }

        @Override
        public void putResource(Object key, Object value) {
            joining.putResource(key, value);
        }

        @Override
        public void afterCommit(Runnable action) {
            joining.afterCommit(action);
        }

        @Override
        public void setRollbackOnly() {
            joining.setRollbackOnly();
        }

        @Override
        public boolean runInNewTransaction(String doing, Work work) throws SQLException {
            if (joining.isActive()) {
                return false;
            }
            try {
                demarcation.begin().run();
            } catch (NotSupportedException | SystemException e) {
                throw new IllegalStateException("Cannot begin a JTA transaction to " + doing + ": " + e, e);
            }
            try {
                work.run();
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    demarcation.rollback().run();
                } catch (SystemException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            try {
                demarcation.commit().run();
            } catch (RollbackException | HeuristicMixedException | HeuristicRollbackException | SystemException e) {
                throw new IllegalStateException("The JTA transaction begun to %s did not commit: %s".formatted(doing,
                        e.getCause() != null ? e.getCause() : e), e);
            }
            return true;
        }
    }

    /** The calls that begin and end a transaction, of a transaction manager or a user transaction alike. */
    private record Demarcation(Begin begin, Commit commit, Rollback rollback) {
    }

    @FunctionalInterface
    private interface Begin {
        void run() throws NotSupportedException, SystemException;
    }

    @FunctionalInterface
    private interface Commit {
        void run() throws RollbackException, HeuristicMixedException, HeuristicRollbackException, SystemException;
    }

    @FunctionalInterface
    private interface Rollback {
        void run() throws SystemException;
    }

    private record AfterCompletion(IntConsumer after) implements Synchronization {

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            after.accept(status);
        }
    }
}
