package io.eventsourcing.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.jdbc.testing.JtaTransactionsContract;
import io.eventsourcing.jdbc.testing.TestJta;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;
import javax.sql.DataSource;

class PostgresJtaIT extends JtaTransactionsContract {

    private static final AgroalDataSource DATA_SOURCE =
            TestJta.dataSource(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password(), 5);

    @Override
    protected DataSource dataSource() {
        return DATA_SOURCE;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(PostgresSettings.SCHEMA, TestPostgres.freshSchema());
    }

    @AfterAll
    static void closePool() {
        DATA_SOURCE.close();
    }
}
