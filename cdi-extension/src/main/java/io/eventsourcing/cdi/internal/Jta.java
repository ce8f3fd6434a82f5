package io.eventsourcing.cdi.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.InfrastructureFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The container's JTA transaction synchronization registry: the bean it offers (Quarkus's Narayana, Narayana's CDI
 * extension in Weld SE), else the one Jakarta EE binds in JNDI. Only loaded when the JTA API is on the class path.
 */
final class Jta {

    private static final String JNDI_NAME = "java:comp/TransactionSynchronizationRegistry";

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

    /** @return the registry, or {@code null} if the container has none */
    static TransactionSynchronizationRegistry registry(Instance<Object> lookup) {
        Instance<TransactionSynchronizationRegistry> bean = lookup.select(TransactionSynchronizationRegistry.class);
        if (bean.isResolvable()) {
            return bean.get();
        }
        try {
            return (TransactionSynchronizationRegistry) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }

    /** @return JDBC recorders over the DataSource that join the transactions of the container's registry */
    static InfrastructureFactory jdbc(Settings settings, DataSource dataSource, Instance<Object> lookup) {
        TransactionSynchronizationRegistry registry = registry(lookup);
        return registry != null ? JdbcInfrastructureFactory.create(settings, dataSource, registry)
                : JdbcInfrastructureFactory.create(settings, dataSource);
    }
}
