package io.eventsourcing.jdbc.internal;

import io.eventsourcing.jdbc.spi.ContainerTransactions;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * {@link ContainerTransactions} over JTA; the only class that names JTA types, loaded only when JTA is on the
 * class path. Prefers the {@link TransactionSynchronizationRegistry}, whose interposed synchronizations run after
 * the application's own (JPA flushes); falls back to a {@link TransactionManager}.
 */
final class JtaTransactions {

    private JtaTransactions() {
    }

    static boolean accepts(Object candidate) {
        return candidate instanceof TransactionSynchronizationRegistry || candidate instanceof TransactionManager;
    }

    static ContainerTransactions of(Object given) {
        if (given instanceof TransactionSynchronizationRegistry registry) {
            return new Registry(registry);
        }
        if (given instanceof TransactionManager manager) {
            return new Manager(manager);
        }
        throw new IllegalArgumentException("Expected a jakarta.transaction.TransactionSynchronizationRegistry or"
                + " TransactionManager, got " + given.getClass().getName());
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
