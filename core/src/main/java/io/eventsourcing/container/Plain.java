package io.eventsourcing.container;

import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * {@link Container#plain()}: what a Jakarta EE container binds in JNDI, where there is JNDI (its transactions, and its
 * transaction manager or user transaction to begin them); daemon threads.
 */
final class Plain implements Container {

    static final Container INSTANCE = new Plain();

    /** Where containers bind their transaction synchronization registry or transaction manager, preferred first. */
    private static final String[] TRANSACTIONS = {
            "java:comp/TransactionSynchronizationRegistry",
            "java:comp/TransactionManager",
            "java:/TransactionManager",
            "java:appserver/TransactionManager",
    };
    /** Where containers bind what begins transactions: a transaction manager, else the user transaction. */
    private static final String[] DEMARCATION = {
            "java:comp/TransactionManager",
            "java:/TransactionManager",
            "java:appserver/TransactionManager",
            "java:comp/UserTransaction",
    };
    /** Where Jakarta Concurrency binds the container's default managed thread factory. */
    private static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private Plain() {
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public Optional<DataSource> dataSource(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Object found = find(name);
        if (found == null || found instanceof DataSource) {
            return Optional.ofNullable((DataSource) found);
        }
        throw new IllegalArgumentException("'%s' is a %s in JNDI, not a DataSource"
                .formatted(name, found.getClass().getName()));
    }

    @Override
    public Optional<Object> transactions() {
        return first(TRANSACTIONS);
    }

    @Override
    public Optional<Object> demarcation() {
        return first(DEMARCATION);
    }

    private static Optional<Object> first(String[] names) {
        for (String name : names) {
            Object found = find(name);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    @Override
    public ThreadFactory threadFactory(String name) {
        ThreadFactory managed = find(MANAGED_THREAD_FACTORY) instanceof ThreadFactory factory ? factory : null;
        return runnable -> {
            Thread thread;
            if (managed != null) {
                thread = managed.newThread(runnable);
            } else {
                thread = new Thread(runnable);
                thread.setDaemon(true);
            }
            thread.setName(name);
            return thread;
        };
    }

    /** @return what JNDI binds under the name, or {@code null} if nothing, or if there is no JNDI */
    private static Object find(String name) {
        try {
            return new InitialContext().lookup(name);
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }
}
