package io.eventsourcing.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.jdbc.testing.TestJndi;
import io.eventsourcing.jdbc.testing.TestJta;

import java.util.HashMap;
import java.util.Map;

/**
 * The test server as a Jakarta EE container offers it: a pooled DataSource whose connections enlist in Narayana's
 * transactions, bound in JNDI under a name beside the transaction synchronization registry and manager, for
 * {@code eventsourcing.persistence=datasource}.
 */
final class ContainerDataSource implements AutoCloseable {

    private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";
    private static final String MANAGER = "java:comp/TransactionManager";

    private final String name;
    private final AgroalDataSource dataSource;

    private ContainerDataSource(String name, boolean manager) {
        this.name = name;
        this.dataSource = TestJta.dataSource(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 10);
        TestJndi.bind(name, dataSource);
        TestJndi.bind(REGISTRY, TestJta.TSR);
        if (manager) {
            TestJndi.bind(MANAGER, TestJta.TM);
        }
    }

    /**
     * @param manager whether to bind the transaction manager too (with which projections begin their transactions)
     * @return a DataSource bound under that JNDI name
     */
    static ContainerDataSource bind(String name, boolean manager) {
        return new ContainerDataSource(name, manager);
    }

    /** @return settings for it, with tables in a schema of their own */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "datasource");
        settings.put(JdbcSettings.DATASOURCE, name);
        settings.put(PostgresSettings.SCHEMA, TestPostgres.freshSchema());
        return settings;
    }

    /** Unbinds it and closes its pool. */
    @Override
    public void close() {
        TestJndi.unbind(name);
        TestJndi.unbind(REGISTRY);
        TestJndi.unbind(MANAGER);
        dataSource.close();
    }
}
