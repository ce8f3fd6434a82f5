package io.eventsourcing.jdbc;

import io.eventsourcing.persistence.ConfigurationException;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.Settings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing or invalid setting fails before any connection is made, naming its key. */
class JdbcSettingsTest {

    private static Map<String, String> postgres() {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "postgres");
        settings.put(JdbcSettings.POSTGRES_HOST, "localhost");
        settings.put(JdbcSettings.POSTGRES_DBNAME, "eventsourcing");
        settings.put(JdbcSettings.POSTGRES_USER, "eventsourcing");
        return settings;
    }

    private static ConfigurationException failure(Map<String, String> settings) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> InfrastructureFactory.create(settings));
        assertThat(thrown).isInstanceOf(ConfigurationException.class);
        return (ConfigurationException) thrown;
    }

    @Test
    void the_three_backends_are_found_by_name() {
        Map<String, String> unknown = Map.of("eventsourcing.persistence", "oracle");
        assertThatThrownBy(() -> InfrastructureFactory.create(unknown))
                .hasMessageContaining("postgres").hasMessageContaining("sqlite").hasMessageContaining("datasource");
    }

    @Test
    void a_missing_postgres_host_names_the_key() {
        Map<String, String> settings = postgres();
        settings.remove(JdbcSettings.POSTGRES_HOST);

        ConfigurationException e = failure(settings);

        assertThat(e.key()).isEqualTo(JdbcSettings.POSTGRES_HOST);
        assertThat(e).hasMessageContaining("eventsourcing.postgres.host");
    }

    @Test
    void a_missing_dbname_or_user_names_the_key() {
        for (String key : new String[]{JdbcSettings.POSTGRES_DBNAME, JdbcSettings.POSTGRES_USER}) {
            Map<String, String> settings = postgres();
            settings.remove(key);
            assertThat(failure(settings).key()).isEqualTo(key);
            settings.put(key, "  ");
            assertThat(failure(settings)).hasMessageContaining(key);
        }
    }

    @Test
    void invalid_numbers_name_the_key_and_the_value() {
        for (String key : new String[]{JdbcSettings.POSTGRES_PORT, JdbcSettings.POSTGRES_POOL_SIZE,
                JdbcSettings.POSTGRES_CONNECT_TIMEOUT, JdbcSettings.POSTGRES_LOCK_TIMEOUT,
                JdbcSettings.POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT}) {
            Map<String, String> settings = postgres();
            settings.put(key, "-1x");
            ConfigurationException e = failure(settings);
            assertThat(e.key()).isEqualTo(key);
            assertThat(e).hasMessageContaining(key).hasMessageContaining("'-1x'");
        }
        Map<String, String> settings = postgres();
        settings.put(JdbcSettings.POSTGRES_PORT, "70000");
        assertThat(failure(settings)).hasMessageContaining("from 1 to 65535");
    }

    @Test
    void a_host_that_is_not_a_host_name_is_refused() {
        Map<String, String> settings = postgres();
        settings.put(JdbcSettings.POSTGRES_HOST, "db/evil?sslmode=disable");

        assertThat(failure(settings).key()).isEqualTo(JdbcSettings.POSTGRES_HOST);
    }

    @Test
    void table_and_schema_names_cannot_inject_sql() {
        for (String key : new String[]{JdbcSettings.EVENTS_TABLE_NAME, JdbcSettings.TRACKING_TABLE_NAME,
                JdbcSettings.SNAPSHOTS_TABLE_NAME, JdbcSettings.POSTGRES_SCHEMA}) {
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
    void sqlite_needs_a_dbname_and_a_valid_lock_timeout() {
        Map<String, String> settings = new HashMap<>(Map.of("eventsourcing.persistence", "sqlite"));
        assertThat(failure(settings).key()).isEqualTo(JdbcSettings.SQLITE_DBNAME);

        settings.put(JdbcSettings.SQLITE_DBNAME, ":memory:");
        settings.put(JdbcSettings.SQLITE_LOCK_TIMEOUT, "soon");
        assertThat(failure(settings)).hasMessageContaining(JdbcSettings.SQLITE_LOCK_TIMEOUT);
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
        Map<String, String> bad = new HashMap<>(Map.of(JdbcSettings.POSTGRES_HOST, "db/evil",
                JdbcSettings.POSTGRES_DBNAME, " ", JdbcSettings.POSTGRES_USER, " ", JdbcSettings.CREATE_TABLE, "yes"));
        for (String number : List.of(JdbcSettings.POSTGRES_PORT, JdbcSettings.POSTGRES_POOL_SIZE,
                JdbcSettings.POSTGRES_CONNECT_TIMEOUT, JdbcSettings.POSTGRES_LOCK_TIMEOUT,
                JdbcSettings.POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT)) {
            bad.put(number, "-1x");
        }
        for (String name : List.of(JdbcSettings.POSTGRES_SCHEMA, JdbcSettings.EVENTS_TABLE_NAME,
                JdbcSettings.SNAPSHOTS_TABLE_NAME, JdbcSettings.TRACKING_TABLE_NAME)) {
            bad.put(name, "Bad");
        }
        bad.forEach((key, value) -> {
            Map<String, String> settings = postgres();
            settings.put(own(key), value);
            assertOwnKeyNamed(settings, own(key));
        });
        for (Map.Entry<String, String> sqlite : Map.of(JdbcSettings.SQLITE_DBNAME, " ",
                JdbcSettings.SQLITE_LOCK_TIMEOUT, "soon").entrySet()) {
            Map<String, String> settings = new HashMap<>(Map.of("eventsourcing.persistence", "sqlite",
                    JdbcSettings.SQLITE_DBNAME, ":memory:"));
            settings.put(own(sqlite.getKey()), sqlite.getValue());
            assertOwnKeyNamed(settings, own(sqlite.getKey()));
        }
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
