package io.eventsourcing.sqlite;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.jdbc.testing.JtaTransactionsContract;
import io.eventsourcing.jdbc.testing.TestJta;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;
import javax.sql.DataSource;

class SqliteJtaIT extends JtaTransactionsContract {

    private AgroalDataSource dataSource;

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }

    /** A new database file for each test. */
    @Override
    protected DataSource dataSource() {
        if (dataSource == null) {
            dataSource = TestJta.dataSource("jdbc:sqlite:" + TestSqlite.freshFile()
                    + "?journal_mode=WAL&busy_timeout=5000", null, null, 5);
        }
        return dataSource;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of();
    }
}
