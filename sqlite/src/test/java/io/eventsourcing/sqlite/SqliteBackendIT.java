package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.testing.BackendContract;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteBackendIT extends BackendContract {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }

    @Test
    void a_file_database_is_in_wal_mode() throws Exception {
        Map<String, String> settings = settings();
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                io.eventsourcing.config.Settings.of(settings))) {
            factory.applicationRecorder().maxNotificationId();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + settings.get(SqliteSettings.DBNAME));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            r.next();
            assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
        }
    }
}
