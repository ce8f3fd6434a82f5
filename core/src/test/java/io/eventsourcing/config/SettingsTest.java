package io.eventsourcing.config;

import io.eventsourcing.config.internal.EnvironmentSource;
import io.eventsourcing.memory.InMemoryRecorder;
import io.eventsourcing.persistence.InfrastructureFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void a_key_set_for_one_application_wins_over_the_general_key() {
        Settings settings = Settings.forApplication("DogSchool", Map.of(
                "eventsourcing.persistence", "sqlite",
                "eventsourcing.DogSchool.persistence", "memory",
                "eventsourcing.OtherApp.sqlite.dbname", "other.db"));

        assertThat(settings.get("eventsourcing.persistence")).contains("memory");
        assertThat(settings.get("eventsourcing.sqlite.dbname")).isEmpty();
    }

    @Test
    void microprofile_config_is_read_when_an_implementation_is_on_the_class_path() {
        assertThat(Settings.forApplication("ConfiguredApp", Map.of()).get("eventsourcing.mp-config-key"))
                .contains("for ConfiguredApp");
        assertThat(Settings.forApplication("OtherApp", Map.of()).get("eventsourcing.mp-config-key"))
                .contains("general");
        assertThat(Settings.forApplication("OtherApp", Map.of("eventsourcing.mp-config-key", "given"))
                .get("eventsourcing.mp-config-key")).contains("given");
    }

    @Test
    void system_properties_are_read_when_no_value_is_given() {
        System.setProperty("eventsourcing.SettingsTestApp.test-key", "from-property");
        try {
            Settings settings = Settings.forApplication("SettingsTestApp", Map.of());

            assertThat(settings.get("eventsourcing.test-key")).contains("from-property");
            assertThat(Settings.forApplication("SettingsTestApp", Map.of("eventsourcing.SettingsTestApp.test-key",
                    "given")).get("eventsourcing.test-key")).contains("given");
        } finally {
            System.clearProperty("eventsourcing.SettingsTestApp.test-key");
        }
    }

    @Test
    void environment_variable_names_follow_microprofile_config() {
        assertThat(EnvironmentSource.environmentName("eventsourcing.persistence")).isEqualTo("EVENTSOURCING_PERSISTENCE");
        assertThat(EnvironmentSource.environmentName("eventsourcing.DogSchool.sqlite.lock-timeout"))
                .isEqualTo("EVENTSOURCING_DOGSCHOOL_SQLITE_LOCK_TIMEOUT");
    }

    @Test
    void an_invalid_number_names_the_key_and_the_value() {
        Settings settings = Settings.of(Map.of("eventsourcing.pool-size", "lots", "eventsourcing.zero", "0"));

        assertThatThrownBy(() -> settings.getInt("eventsourcing.pool-size", 5, 1, 100))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("eventsourcing.pool-size")
                .hasMessageContaining("'lots'")
                .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo("eventsourcing.pool-size"));
        assertThatThrownBy(() -> settings.getInt("eventsourcing.zero", 5, 1, 100))
                .hasMessageContaining("eventsourcing.zero");
        assertThat(settings.getInt("eventsourcing.absent", 5, 1, 100)).isEqualTo(5);
    }

    @Test
    void a_missing_required_value_names_both_keys_that_could_set_it() {
        Settings settings = Settings.forApplication("DogSchool", Map.of());

        assertThatThrownBy(() -> settings.require("eventsourcing.postgres.dbname"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("eventsourcing.postgres.dbname")
                .hasMessageContaining("eventsourcing.DogSchool.postgres.dbname");
    }

    @Test
    void an_application_class_names_the_application_and_stays_known() {
        Settings settings = Settings.forApplication(DogSchool.class, Map.of(
                "eventsourcing.DogSchool.events-table-name", "dogs"));   // as Application's constructor makes them

        assertThat(settings.applicationName()).isEqualTo("DogSchool");
        assertThat(settings.applicationClass()).isEqualTo(DogSchool.class);
        assertThat(settings.get("eventsourcing.events-table-name")).contains("dogs");
        assertThat(Settings.forApplication("DogSchool", Map.of()).applicationClass()).isNull();
        assertThat(Settings.of(Map.of()).applicationClass()).isNull();
    }

    @Test
    void the_own_key_is_named_whether_or_not_it_is_set() {
        assertThat(Settings.forApplication("DogSchool", Map.of()).ownKey("eventsourcing.events-table-name"))
                .isEqualTo("eventsourcing.DogSchool.events-table-name");
        assertThat(Settings.of(Map.of()).ownKey("eventsourcing.events-table-name"))
                .isEqualTo("eventsourcing.events-table-name");
    }

    @Test
    void a_boolean_must_be_true_or_false() {
        Settings settings = Settings.of(Map.of("eventsourcing.create-table", "yes"));

        assertThatThrownBy(() -> settings.getBoolean("eventsourcing.create-table", true))
                .hasMessageContaining("eventsourcing.create-table")
                .hasMessageContaining("'yes'");
    }

    @Test
    void an_unknown_persistence_names_the_key_the_value_and_what_is_available() {
        assertThatThrownBy(() -> InfrastructureFactory.create(Map.of("eventsourcing.persistence", "mongo")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("eventsourcing.persistence")
                .hasMessageContaining("'mongo'")
                .hasMessageContaining("memory");
    }

    @Test
    void memory_is_the_default_persistence() {
        try (InfrastructureFactory factory = InfrastructureFactory.create(Map.of())) {
            assertThat(factory.applicationRecorder()).isInstanceOf(InMemoryRecorder.class);
            assertThat(factory.processRecorder()).isSameAs(factory.applicationRecorder());
        }
    }

    @Test
    void an_invalid_value_set_for_one_application_is_reported_under_the_key_that_was_set() {
        String base64Of10Bytes = java.util.Base64.getEncoder().encodeToString(new byte[10]);
        Map<String, String> bad = Map.of("eventsourcing.DogSchool.persistence", "bogus",
                "eventsourcing.DogSchool.compressor", "lz4", "eventsourcing.DogSchool.cipher.key", base64Of10Bytes,
                "eventsourcing.DogSchool.snapshotting.enabled", "yes", "eventsourcing.DogSchool.poll-interval", "-5");
        bad.forEach((key, value) -> assertThatThrownBy(() -> new DogSchool(Map.of(key, value)))
                .as(key)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key)
                .satisfies(e -> assertThat(((ConfigurationException) e).key()).as(key).isEqualTo(key)));
        assertThat(Settings.forApplication("DogSchool", Map.of("eventsourcing.DogSchool.persistence", "sqlite"))
                .keyOf("eventsourcing.persistence")).isEqualTo("eventsourcing.DogSchool.persistence");
        assertThat(Settings.forApplication("DogSchool", Map.of("eventsourcing.persistence", "sqlite"))
                .keyOf("eventsourcing.persistence")).isEqualTo("eventsourcing.persistence");
    }

    /** A process application, so that its own keys include the poll interval. */
    static class DogSchool extends io.eventsourcing.system.ProcessApplication {
        DogSchool(Map<String, String> settings) {
            super(settings);
        }
    }
}
