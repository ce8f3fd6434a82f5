package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.DurableProjectionConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The projection suite with {@code eventsourcing.persistence=datasource}, as in a Jakarta EE container: the
 * DataSource (Agroal, enlisting in Narayana's transactions), the synchronization registry and the transaction
 * manager found in JNDI, so that a projection processes each batch in a JTA transaction it begins.
 */
class PostgresDataSourceProjectionIT extends DurableProjectionConformance {

    private static final String NAME = "java:comp/env/jdbc/ProjectionsTest";
    private static ContainerDataSource container;

    @BeforeAll
    static void bindDataSource() {
        container = ContainerDataSource.bind(NAME, true);
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
