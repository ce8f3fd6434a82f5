package io.eventsourcing.config.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The source used when no MicroProfile Config implementation is on the class path. */
class EnvironmentSourceTest {

    @Test
    void a_system_property_is_read_first() {
        System.setProperty("eventsourcing.EnvApp.key", "from property");
        try {
            assertThat(EnvironmentSource.systemOrEnvironment("eventsourcing.EnvApp.key")).isEqualTo("from property");
        } finally {
            System.clearProperty("eventsourcing.EnvApp.key");
        }
    }

    @Test
    void an_environment_variable_is_read_by_its_microprofile_config_name() {
        // PATH is set wherever tests run; "path" maps to it as "eventsourcing.persistence" maps to
        // EVENTSOURCING_PERSISTENCE.
        assertThat(EnvironmentSource.systemOrEnvironment("path")).isEqualTo(System.getenv("PATH"));
        assertThat(EnvironmentSource.systemOrEnvironment("eventsourcing.no-such-key")).isNull();
    }

    @Test
    void an_empty_value_is_read_as_empty_not_as_missing() {
        System.setProperty("eventsourcing.EnvApp.key", "");
        try {
            assertThat(EnvironmentSource.systemOrEnvironment("eventsourcing.EnvApp.key")).isEmpty();
        } finally {
            System.clearProperty("eventsourcing.EnvApp.key");
        }
        // Set empty by the build (core/pom.xml), as a missing secret leaves it.
        assertThat(EnvironmentSource.systemOrEnvironment("eventsourcing.EnvApp.cipher.key")).isEmpty();
    }
}
