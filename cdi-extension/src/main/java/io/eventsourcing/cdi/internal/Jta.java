package io.eventsourcing.cdi.internal;

import jakarta.enterprise.inject.Instance;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;

import java.util.Optional;

/**
 * The JTA transaction synchronization registry the container offers as a bean (Quarkus's Narayana, Narayana's CDI
 * extension in Weld SE), and what begins transactions: its transaction manager or user transaction bean. Only loaded
 * when the JTA API is on the class path ({@link #present()}).
 */
final class Jta {

    private Jta() {
    }

    static boolean present() {
        try {
            Class.forName("jakarta.transaction.TransactionSynchronizationRegistry", false, Jta.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return the registry bean, or empty if the container offers none */
    static Optional<Object> registry(Instance<Object> beans) {
        Instance<TransactionSynchronizationRegistry> bean = beans.select(TransactionSynchronizationRegistry.class);
        return bean.isResolvable() ? Optional.of(bean.get()) : Optional.empty();
    }

    /**
     * @return the {@code TransactionManager} bean (Quarkus), else the {@code UserTransaction} bean (a built-in bean
     *         of Jakarta EE containers: Payara, WildFly), or empty if the container offers neither
     */
    static Optional<Object> demarcation(Instance<Object> beans) {
        Instance<TransactionManager> manager = beans.select(TransactionManager.class);
        if (manager.isResolvable()) {
            return Optional.of(manager.get());
        }
        Instance<UserTransaction> user = beans.select(UserTransaction.class);
        return user.isResolvable() ? Optional.of(user.get()) : Optional.empty();
    }
}
