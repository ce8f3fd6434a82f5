package io.eventsourcing.postgres;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.persistence.InfrastructureFactory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing or invalid setting of PostgreSQL (or any database) fails before any connection is made, naming its key. */
class PostgresSettingsTest {

    private static Map<String, String> postgres() {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "postgres");
        settings.put(PostgresSettings.HOST, "localhost");
        settings.put(PostgresSettings.DBNAME, "eventsourcing");
        settings.put(PostgresSettings.USER, "eventsourcing");
        return settings;
    }

    private static ConfigurationException failure(Map<String, String> settings) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> InfrastructureFactory.create(settings));
        assertThat(thrown).isInstanceOf(ConfigurationException.class);
        return (ConfigurationException) thrown;
    }

    @Test
    void an_unknown_persistence_names_those_on_the_class_path() {
        Map<String, String> unknown = Map.of("eventsourcing.persistence", "oracle");
        assertThatThrownBy(() -> InfrastructureFactory.create(unknown))
                .hasMessageContaining("postgres").hasMessageContaining("datasource");
    }

    @Test
    void a_missing_postgres_host_names_the_key() {
        Map<String, String> settings = postgres();
        settings.remove(PostgresSettings.HOST);

        ConfigurationException e = failure(settings);

        assertThat(e.key()).isEqualTo(PostgresSettings.HOST);
        assertThat(e).hasMessageContaining("eventsourcing.postgres.host");
    }

    @Test
    void a_missing_dbname_or_user_names_the_key() {
        for (String key : new String[]{PostgresSettings.DBNAME, PostgresSettings.USER}) {
            Map<String, String> settings = postgres();
            settings.remove(key);
            assertThat(failure(settings).key()).isEqualTo(key);
            settings.put(key, "  ");
            assertThat(failure(settings)).hasMessageContaining(key);
        }
    }

    @Test
    void invalid_numbers_name_the_key_and_the_value() {
        for (String key : new String[]{PostgresSettings.PORT, PostgresSettings.POOL_SIZE,
                PostgresSettings.CONNECT_TIMEOUT, PostgresSettings.LOCK_TIMEOUT,
                PostgresSettings.IDLE_IN_TRANSACTION_SESSION_TIMEOUT}) {
            Map<String, String> settings = postgres();
            settings.put(key, "-1x");
            ConfigurationException e = failure(settings);
            assertThat(e.key()).isEqualTo(key);
            assertThat(e).hasMessageContaining(key).hasMessageContaining("'-1x'");
        }
        Map<String, String> settings = postgres();
        settings.put(PostgresSettings.PORT, "70000");
        assertThat(failure(settings)).hasMessageContaining("from 1 to 65535");
    }

    @Test
    void a_host_that_is_not_a_host_name_is_refused() {
        Map<String, String> settings = postgres();
        settings.put(PostgresSettings.HOST, "db/evil?sslmode=disable");

        assertThat(failure(settings).key()).isEqualTo(PostgresSettings.HOST);
    }

    @Test
    void table_and_schema_names_cannot_inject_sql() {
        for (String key : new String[]{JdbcSettings.EVENTS_TABLE_NAME, JdbcSettings.TRACKING_TABLE_NAME,
                JdbcSettings.SNAPSHOTS_TABLE_NAME, JdbcSettings.DATA_KEYS_TABLE_NAME, PostgresSettings.SCHEMA}) {
            for (String bad : new String[]{"events; DROP TABLE users", "Events", "1events", "a\"b", "",
                    "x".repeat(49)}) {
                Map<String, String> settings = postgres();
                settings.put(key, bad);
                ConfigurationException e = failure(settings);
                assertThat(e.key()).isEqualTo(key);
                assertThat(e).hasMessageContaining(key).hasMessageContaining("'" + bad.trim() + "'");
            }
        }
    }

    @Test
    void an_application_name_that_makes_no_table_name_says_which_key_to_set() {
        Settings settings = Settings.forApplication("Dog-School", postgres());

        assertThatThrownBy(() -> InfrastructureFactory.create(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'dog-school_events'")
                .hasMessageContaining(JdbcSettings.EVENTS_TABLE_NAME);
    }

    @Test
    void an_invalid_create_table_flag_names_the_key() {
        Map<String, String> settings = postgres();
        settings.put(JdbcSettings.CREATE_TABLE, "yes");

        assertThat(failure(settings).key()).isEqualTo(JdbcSettings.CREATE_TABLE);
    }

    @Test
    void the_datasource_backend_needs_a_jndi_name_that_it_finds() {
        Map<String, String> settings = new HashMap<>(Map.of("eventsourcing.persistence", "datasource"));
        assertThat(failure(settings).key()).isEqualTo(JdbcSettings.DATASOURCE);

        settings.put(JdbcSettings.DATASOURCE, "java:comp/env/jdbc/Missing");
        ConfigurationException e = failure(settings);
        assertThat(e.key()).isEqualTo(JdbcSettings.DATASOURCE);
        assertThat(e).hasMessageContaining("java:comp/env/jdbc/Missing");
    }

    @Test
    void an_invalid_value_set_for_one_application_is_reported_under_the_key_that_was_set() {
        Map<String, String> bad = new HashMap<>(Map.of(PostgresSettings.HOST, "db/evil",
                PostgresSettings.DBNAME, " ", PostgresSettings.USER, " ", JdbcSettings.CREATE_TABLE, "yes"));
        for (String number : List.of(PostgresSettings.PORT, PostgresSettings.POOL_SIZE,
                PostgresSettings.CONNECT_TIMEOUT, PostgresSettings.LOCK_TIMEOUT,
                PostgresSettings.IDLE_IN_TRANSACTION_SESSION_TIMEOUT)) {
            bad.put(number, "-1x");
        }
        for (String name : List.of(PostgresSettings.SCHEMA, JdbcSettings.EVENTS_TABLE_NAME,
                JdbcSettings.SNAPSHOTS_TABLE_NAME, JdbcSettings.TRACKING_TABLE_NAME, JdbcSettings.DATA_KEYS_TABLE_NAME)) {
            bad.put(name, "Bad");
        }
        bad.forEach((key, value) -> {
            Map<String, String> settings = postgres();
            settings.put(own(key), value);
            assertOwnKeyNamed(settings, own(key));
        });
        Map<String, String> datasource = new HashMap<>(Map.of("eventsourcing.persistence", "datasource",
                own(JdbcSettings.DATASOURCE), "java:comp/env/jdbc/Missing"));
        assertOwnKeyNamed(datasource, own(JdbcSettings.DATASOURCE));
    }

    /** @return the key as set for the application DogSchool only */
    private static String own(String key) {
        return key.replace("eventsourcing.", "eventsourcing.DogSchool.");
    }

    private static void assertOwnKeyNamed(Map<String, String> settings, String key) {
        assertThatThrownBy(() -> InfrastructureFactory.create(Settings.forApplication("DogSchool", settings)))
                .as(key)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key)
                .satisfies(e -> assertThat(((ConfigurationException) e).key()).as(key).isEqualTo(key));
    }
}
