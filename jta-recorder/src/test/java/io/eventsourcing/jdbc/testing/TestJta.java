package io.eventsourcing.jdbc.testing;

import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionSynchronizationRegistryImple;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A real JTA transaction manager for the tests, in plain Java: Narayana, with Agroal pools whose connections
 * enlist in its transactions as a container's DataSource does.
 */
public final class TestJta {

    public static final TransactionManager TM;
    public static final TransactionSynchronizationRegistry TSR;

    static {
        String store = Path.of("target", "narayana").toAbsolutePath().toString();
        BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class).setObjectStoreDir(store);
        BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "communicationStore").setObjectStoreDir(store);
        BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "stateStore").setObjectStoreDir(store);
        try {
            BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).setNodeIdentifier("eventsourcing-test");
        } catch (CoreEnvironmentBeanException e) {
            throw new ExceptionInInitializerError(e);
        }
        BeanPopulator.getDefaultInstance(CoordinatorEnvironmentBean.class).setDefaultTimeout(120);
        TM = com.arjuna.ats.jta.TransactionManager.transactionManager();
        TSR = new TransactionSynchronizationRegistryImple();
    }

    private TestJta() {
    }

    /** @return a pool whose connections join the Narayana transaction of the calling thread */
    public static AgroalDataSource dataSource(String url, String user, String password, int size) {
        return pool(null, url, user, password, size);
    }

    /**
     * @param provider the driver's {@code XADataSource} class, or {@code null} for the driver (local transactions)
     * @return a pool whose connections (or with an XA data source, their {@code XAResource}s) join the Narayana
     *         transaction of the calling thread, as an XA data source in a container does
     */
    public static AgroalDataSource pool(Class<?> provider, String url, String user, String password, int size) {
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool
                            .maxSize(size)
                            .transactionIntegration(new NarayanaTransactionIntegration(TM, TSR))
                            .connectionFactoryConfiguration(cf -> {
                                cf.jdbcUrl(url);
                                if (provider != null) {
                                    cf.connectionProviderClass(provider);
                                }
                                if (user != null) {
                                    cf.principal(new NamePrincipal(user)).credential(new SimplePassword(password));
                                }
                                return cf;
                            })));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the work in a transaction, committed after it. */
    public static void inTransaction(Runnable work) {
        try {
            TM.begin();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        boolean done = false;
        try {
            work.run();
            done = true;
        } finally {
            try {
                if (done) {
                    TM.commit();
                } else {
                    TM.rollback();
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
