package io.eventsourcing.sqlite;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.jdbc.testing.TestJndi;
import io.eventsourcing.jdbc.testing.TestJta;

import java.util.HashMap;
import java.util.Map;

/**
 * A new SQLite database file as a Jakarta EE container offers it: a pooled DataSource (Agroal) whose connections
 * enlist in Narayana's transactions, bound in JNDI under a name beside the transaction synchronization registry, for
 * {@code eventsourcing.persistence=datasource}. The SQLite counterpart of the PostgreSQL tests'
 * {@code ContainerDataSource}, one database per instance (SQLite has no schemas to keep tests apart).
 */
final class SqliteContainerDataSource implements AutoCloseable {

    private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

    private final String name;
    private final AgroalDataSource dataSource;

    private SqliteContainerDataSource(String name) {
        this.name = name;
        this.dataSource = TestJta.dataSource("jdbc:sqlite:" + TestSqlite.freshFile()
                + "?journal_mode=WAL&busy_timeout=5000", null, null, 5);
        TestJndi.bind(name, dataSource);
        TestJndi.bind(REGISTRY, TestJta.TSR);
    }

    /** @return a DataSource over a new database file, bound under that JNDI name */
    static SqliteContainerDataSource bind(String name) {
        return new SqliteContainerDataSource(name);
    }

    /** @return settings for it */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "datasource");
        settings.put(JdbcSettings.DATASOURCE, name);
        return settings;
    }

    /** Unbinds it and closes its pool. */
    @Override
    public void close() {
        TestJndi.unbind(name);
        TestJndi.unbind(REGISTRY);
        dataSource.close();
    }
}
