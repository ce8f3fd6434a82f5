package io.eventsourcing.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.jdbc.testing.JtaTransactionsContract;
import io.eventsourcing.jdbc.testing.TestJta;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.xa.PGXADataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The JTA contract as a two-phase commit: the events go through an XA data source into one database and the
 * user's row through another XA data source into a second database, so Narayana prepares and commits two
 * resources. The recorder must neither commit nor touch auto-commit on an XA connection in a transaction. Needs
 * {@code max_prepared_transactions > 0} on the server (the embedded one has it).
 */
class PostgresXaIT extends JtaTransactionsContract {

    private static final String USERS_DATABASE = "es_xa_users";

    private static AgroalDataSource events;
    private static AgroalDataSource users;

    @BeforeAll
    static void createUsersDatabaseAndPools() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                TestPostgres.password()); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + USERS_DATABASE + "'")) {
                if (!r.next()) {
                    s.execute("CREATE DATABASE " + USERS_DATABASE);
                }
            }
        }
        events = TestJta.pool(PGXADataSource.class, TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 5);
        users = TestJta.pool(PGXADataSource.class, TestPostgres.jdbcUrl(USERS_DATABASE), TestPostgres.user(),
                TestPostgres.password(), 5);
    }

    @AfterAll
    static void closePools() {
        events.close();
        users.close();
    }

    @Override
    protected DataSource dataSource() {
        return events;
    }

    @Override
    protected DataSource userDataSource() {
        return users;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(PostgresSettings.SCHEMA, TestPostgres.freshSchema());
    }
}
