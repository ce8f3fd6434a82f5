package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.testing.JtaPersonalDataContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

/**
 * The personal data suite and its JTA tests on SQLite with {@code eventsourcing.persistence=datasource} (an Agroal
 * DataSource enlisting in Narayana's JTA transactions, and the transaction synchronization registry, in JNDI as in a
 * Jakarta EE container).
 */
class SqliteDataSourcePersonalDataIT extends JtaPersonalDataContract {

    private static final String NAME = "java:comp/env/jdbc/SqlitePersonalDataTest";
    private SqliteContainerDataSource container;

    @BeforeEach
    void bindDataSource() {
        container = SqliteContainerDataSource.bind(NAME);
    }

    @AfterEach
    void unbindDataSource() {
        container.close();
    }

    @Override
    protected Map<String, String> settings() {
        return container.settings();
    }
}
