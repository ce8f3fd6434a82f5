package io.eventsourcing.cdi.internal;

import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** After-commit through the container's {@link TransactionSynchronizationRegistry}. Only loaded with JTA present. */
final class JtaAfterCommit implements AfterCommit {

    private final TransactionSynchronizationRegistry registry;

    private JtaAfterCommit(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    static AfterCommit find(Instance<Object> lookup) {
        TransactionSynchronizationRegistry registry = Jta.registry(lookup);
        return registry != null ? new JtaAfterCommit(registry) : IMMEDIATELY;
    }

    @Override
    public void run(Runnable action) {
        if (registry.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
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
