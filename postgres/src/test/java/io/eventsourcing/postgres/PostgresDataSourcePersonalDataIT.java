package io.eventsourcing.postgres;

import io.eventsourcing.jdbc.testing.JtaPersonalDataContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The personal data suite and its JTA tests with {@code eventsourcing.persistence=datasource} on PostgreSQL (the
 * DataSource and the transaction synchronization registry in JNDI, as in a Jakarta EE container).
 */
class PostgresDataSourcePersonalDataIT extends JtaPersonalDataContract {

    private static final String NAME = "java:comp/env/jdbc/PersonalDataTest";
    private static ContainerDataSource container;

    @BeforeAll
    static void bindDataSource() {
        container = ContainerDataSource.bind(NAME, false);
    }

    @AfterAll
    static void unbindDataSource() {
        container.close();
    }

    @Override
    protected Map<String, String> settings() {
        return container.settings();
    }
}
