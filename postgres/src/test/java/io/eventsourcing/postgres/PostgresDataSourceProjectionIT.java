package io.eventsourcing.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.jdbc.testing.TestJndi;
import io.eventsourcing.jdbc.testing.TestJta;
import io.eventsourcing.persistence.tck.DurableProjectionConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.HashMap;
import java.util.Map;

/**
 * The projection suite with {@code eventsourcing.persistence=datasource}, as in a Jakarta EE container: the
 * DataSource (Agroal, enlisting in Narayana's transactions), the synchronization registry and the transaction
 * manager found in JNDI, so that a projection processes each batch in a JTA transaction it begins.
 */
class PostgresDataSourceProjectionIT extends DurableProjectionConformance {

    private static final String NAME = "java:comp/env/jdbc/ProjectionsTest";
    private static AgroalDataSource dataSource;

    @BeforeAll
    static void bindDataSource() {
        dataSource = TestJta.dataSource(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 10);
        TestJndi.bind(NAME, dataSource);
        TestJndi.bind("java:comp/TransactionSynchronizationRegistry", TestJta.TSR);
        TestJndi.bind("java:comp/TransactionManager", TestJta.TM);
    }

    @AfterAll
    static void unbindDataSource() {
        TestJndi.unbind(NAME);
        TestJndi.unbind("java:comp/TransactionSynchronizationRegistry");
        TestJndi.unbind("java:comp/TransactionManager");
        dataSource.close();
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "datasource");
        settings.put(JdbcSettings.DATASOURCE, NAME);
        settings.put(PostgresSettings.SCHEMA, TestPostgres.freshSchema());
        return settings;
    }
}
