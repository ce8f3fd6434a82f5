package io.eventsourcing.bench.postgres;

import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionSynchronizationRegistryImple;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Narayana in plain Java, as the benchmark's container: its transaction manager and synchronization registry.
 * Agroal pools built with {@code NarayanaTransactionIntegration} over them enlist their connections in its
 * transactions (one resource, so commits are one-phase and write no transaction log).
 */
final class Jta {

    static final TransactionManager TM;
    static final TransactionSynchronizationRegistry TSR;

    static {
        try {
            String store = Files.createTempDirectory("bench-narayana").toString();
            BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class).setObjectStoreDir(store);
            BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "communicationStore")
                    .setObjectStoreDir(store);
            BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "stateStore").setObjectStoreDir(store);
            BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).setNodeIdentifier("eventsourcing-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CoreEnvironmentBeanException e) {
            throw new ExceptionInInitializerError(e);
        }
        BeanPopulator.getDefaultInstance(CoordinatorEnvironmentBean.class).setDefaultTimeout(120);
        TM = com.arjuna.ats.jta.TransactionManager.transactionManager();
        TSR = new TransactionSynchronizationRegistryImple();
    }

    private Jta() {
    }
}
