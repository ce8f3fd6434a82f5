package io.eventsourcing.jdbc;

import io.eventsourcing.persistence.Settings;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.tck.Universe;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JDBC backends do beyond the recorder contracts: tables per application, table creation, snapshots. */
abstract class BackendContract {

    /** @return settings for an empty database of this backend */
    abstract Map<String, String> settings();

    /** Another application, so another name and other tables. */
    static final class Galaxy extends Universe {
        Galaxy(Map<String, String> settings) {
            super(settings);
        }
    }

    @Test
    void two_applications_on_one_database_keep_their_events_apart() {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings); Galaxy galaxy = new Galaxy(settings)) {
            UUID earth = universe.createWorld("Earth");
            UUID andromeda = galaxy.createWorld("Andromeda");
            galaxy.makeItSo(andromeda, "stars");

            assertThat(universe.notificationLog().maxNotificationId()).isEqualTo(1);
            assertThat(galaxy.notificationLog().maxNotificationId()).isEqualTo(2);
            assertThat(universe.repository().contains(andromeda)).isFalse();
            assertThat(galaxy.repository().contains(earth)).isFalse();
        }
    }

    @Test
    void tables_are_named_after_the_application_or_as_configured() {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(JdbcSettings.EVENTS_TABLE_NAME, "my_events");
        try (Universe configured = new Universe(settings); Universe derived = new Universe(settings())) {
            configured.createWorld("Earth");
            assertThat(configured.notificationLog().maxNotificationId()).isEqualTo(1);
            assertThat(derived.notificationLog().maxNotificationId()).isZero();
        }
    }

    @Test
    void without_create_table_a_missing_table_fails_naming_it() {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(JdbcSettings.CREATE_TABLE, "false");
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                Settings.forApplication("Nowhere", settings))) {
            assertThatThrownBy(() -> factory.applicationRecorder().maxNotificationId())
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("nowhere_events");
        }
    }

    @Test
    void snapshots_are_stored_apart_from_events() {
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                Settings.forApplication("Snapping", settings()))) {
            UUID id = UUID.randomUUID();
            List<StoredEvent> snapshot = JtaTransactionsContract.events(id, 3, 3);
            factory.snapshotRecorder().insertEvents(snapshot);

            assertThat(factory.snapshotRecorder().selectEvents(id)).isEqualTo(snapshot);
            assertThat(factory.applicationRecorder().maxNotificationId()).isZero();
            assertThatThrownBy(() -> factory.snapshotRecorder().insertEvents(snapshot))
                    .isInstanceOf(io.eventsourcing.persistence.IntegrityException.class)
                    .hasMessageContaining(id.toString());
        }
    }
}
