package io.eventsourcing.cdi.internal;

import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * After-commit through a {@link TransactionSynchronizationRegistry}: the one the container offers as a bean
 * (Quarkus, or a producer in Weld SE), else the one Jakarta EE binds in JNDI. Only loaded when JTA is present.
 */
final class JtaAfterCommit implements AfterCommit {

    private static final String JNDI_NAME = "java:comp/TransactionSynchronizationRegistry";

    private final TransactionSynchronizationRegistry registry;

    private JtaAfterCommit(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    static AfterCommit find(Instance<Object> lookup) {
        Instance<TransactionSynchronizationRegistry> bean = lookup.select(TransactionSynchronizationRegistry.class);
        if (bean.isResolvable()) {
            return new JtaAfterCommit(bean.get());
        }
        try {
            return new JtaAfterCommit((TransactionSynchronizationRegistry) new InitialContext().lookup(JNDI_NAME));
        } catch (NamingException | RuntimeException e) {
            return IMMEDIATELY;
        }
    }

    @Override
    public void run(Runnable action) {
        int status = registry.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            action.run();
            return;
        }
        // Interposed: after the resources (the recorder's connection) have committed.
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int completion) {
                if (completion == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
