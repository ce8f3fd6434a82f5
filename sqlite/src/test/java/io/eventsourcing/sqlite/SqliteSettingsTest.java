package io.eventsourcing.sqlite;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.persistence.InfrastructureFactory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing or invalid setting of SQLite fails before the database is opened, naming its key. */
class SqliteSettingsTest {

    private static ConfigurationException failure(Settings settings) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> InfrastructureFactory.create(settings));
        assertThat(thrown).isInstanceOf(ConfigurationException.class);
        return (ConfigurationException) thrown;
    }

    @Test
    void an_unknown_persistence_names_those_on_the_class_path() {
        Map<String, String> unknown = Map.of("eventsourcing.persistence", "oracle");
        assertThatThrownBy(() -> InfrastructureFactory.create(unknown))
                .hasMessageContaining("sqlite").hasMessageContaining("datasource");
    }

    @Test
    void sqlite_needs_a_dbname_and_a_valid_lock_timeout() {
        Map<String, String> settings = new HashMap<>(Map.of("eventsourcing.persistence", "sqlite"));
        assertThat(failure(Settings.of(settings)).key()).isEqualTo(SqliteSettings.DBNAME);

        settings.put(SqliteSettings.DBNAME, ":memory:");
        settings.put(SqliteSettings.LOCK_TIMEOUT, "soon");
        assertThat(failure(Settings.of(settings))).hasMessageContaining(SqliteSettings.LOCK_TIMEOUT);
    }

    @Test
    void an_invalid_value_set_for_one_application_is_reported_under_the_key_that_was_set() {
        for (Map.Entry<String, String> bad : Map.of(SqliteSettings.DBNAME, " ", SqliteSettings.LOCK_TIMEOUT, "soon",
                JdbcSettings.EVENTS_TABLE_NAME, "Bad").entrySet()) {
            String own = bad.getKey().replace("eventsourcing.", "eventsourcing.DogSchool.");
            Map<String, String> settings = new HashMap<>(Map.of("eventsourcing.persistence", "sqlite",
                    SqliteSettings.DBNAME, ":memory:"));
            settings.put(own, bad.getValue());

            ConfigurationException e = failure(Settings.forApplication("DogSchool", settings));

            assertThat(e.key()).as(own).isEqualTo(own);
            assertThat(e).hasMessageContaining(own);
        }
    }
}
