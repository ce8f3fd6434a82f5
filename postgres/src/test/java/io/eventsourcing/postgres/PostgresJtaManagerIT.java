package io.eventsourcing.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.testing.JtaTransactionsContract;
import io.eventsourcing.jdbc.testing.TestJndi;
import io.eventsourcing.jdbc.testing.TestJta;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;
import javax.sql.DataSource;

/**
 * The JTA contract where the container binds only a {@code TransactionManager} in JNDI (WildFly's
 * {@code java:/TransactionManager}) and no synchronization registry: the recorder finds it and joins through it.
 */
class PostgresJtaManagerIT extends JtaTransactionsContract {

    private static final String NAME = "java:/TransactionManager";
    private static final AgroalDataSource DATA_SOURCE =
            TestJta.dataSource(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 5);

    @BeforeAll
    static void bindManager() {
        TestJndi.bind(NAME, TestJta.TM);
    }

    @AfterAll
    static void unbindManagerAndClosePool() {
        TestJndi.unbind(NAME);
        DATA_SOURCE.close();
    }

    @Override
    protected DataSource dataSource() {
        return DATA_SOURCE;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(PostgresSettings.SCHEMA, TestPostgres.freshSchema());
    }

    @Override
    protected JdbcInfrastructureFactory open(Settings settings, DataSource dataSource) {
        return JdbcInfrastructureFactory.create(settings, dataSource);
    }
}
