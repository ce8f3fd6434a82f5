package io.eventsourcing.jdbc.testing;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.tck.Universe;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the JDBC backends do beyond the recorder contracts: tables per application and owned by its class, table
 * creation, snapshots.
 */
public abstract class BackendContract {

    /** @return settings for an empty database of this backend */
    protected abstract Map<String, String> settings();

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

    // Tables owned by application classes: the DogSchool classes of owners.a and owners.b have the same simple name,
    // so the same table names; owners.c.DogSchool is owners.a.DogSchool moved (@Renamed).

    private static final String A = io.eventsourcing.jdbc.testing.owners.a.DogSchool.class.getName();
    private static final String B = io.eventsourcing.jdbc.testing.owners.b.DogSchool.class.getName();
    private static final String C = io.eventsourcing.jdbc.testing.owners.c.DogSchool.class.getName();

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> more = new HashMap<>(settings);
        more.put(key, value);
        return more;
    }

    @Test
    void an_application_on_the_tables_of_another_class_of_the_same_name_fails_to_start_naming_both_and_the_key() {
        Map<String, String> settings = settings();
        try (var first = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings)) {
            UUID fido = first.createWorld("Fido");

            assertThatThrownBy(() -> new io.eventsourcing.jdbc.testing.owners.b.DogSchool(settings))
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key())
                            .isEqualTo("eventsourcing.DogSchool.events-table-name"))
                    .hasMessageContaining("dogschool_events belongs to application " + A + ", not " + B)
                    .hasMessageContaining("setting eventsourcing.DogSchool.events-table-name (and likewise"
                            + " eventsourcing.DogSchool.snapshots-table-name and"
                            + " eventsourcing.DogSchool.tracking-table-name)")
                    .hasMessageContaining("@Renamed(from = \"" + A + "\")");
            assertThat(first.history(fido)).isEmpty();
            assertThat(first.notificationLog().maxNotificationId()).isEqualTo(1);
        }
        // The failure changed nothing: the tables are still the first class's.
        try (var again = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings)) {
            assertThat(again.notificationLog().maxNotificationId()).isEqualTo(1);
        }
    }

    @Test
    void applications_of_the_same_name_work_side_by_side_when_the_table_names_are_set_for_one() {
        Map<String, String> settings = settings();
        try (var first = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings);
             var second = new io.eventsourcing.jdbc.testing.owners.b.DogSchool(with(settings,
                     "eventsourcing.DogSchool.events-table-name", "other_dogschool_events"))) {
            UUID fido = first.createWorld("Fido");
            UUID rex = second.createWorld("Rex");

            assertThat(first.notificationLog().maxNotificationId()).isEqualTo(1);
            assertThat(second.notificationLog().maxNotificationId()).isEqualTo(1);
            assertThat(first.repository().contains(rex)).isFalse();
            assertThat(second.repository().contains(fido)).isFalse();
        }
    }

    @Test
    void an_application_class_renamed_from_the_owner_takes_its_tables_over() {
        Map<String, String> settings = settings();
        UUID fido;
        try (var before = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings)) {
            fido = before.createWorld("Fido");
            before.makeItSo(fido, "sit");
        }
        try (var moved = new io.eventsourcing.jdbc.testing.owners.c.DogSchool(settings)) {
            assertThat(moved.history(fido)).containsExactly("sit");
            moved.makeItSo(fido, "stay");
        }
        // The tables are the moved class's now: the old class is the other one.
        assertThatThrownBy(() -> new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("belongs to application " + C + ", not " + A);
    }

    @Test
    void tables_first_used_later_are_claimed_then_and_checked_naming_their_own_key() {
        Map<String, String> settings = with(settings(), Settings.SNAPSHOTTING, "true");
        try (var first = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings)) {
            first.createWorld("Fido");
        }
        assertThatThrownBy(() -> new io.eventsourcing.jdbc.testing.owners.b.DogSchool(with(settings,
                "eventsourcing.DogSchool.events-table-name", "other_dogschool_events")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key())
                        .isEqualTo("eventsourcing.DogSchool.snapshots-table-name"))
                .hasMessageContaining("dogschool_snapshots belongs to application " + A + ", not " + B);
    }

    @Test
    void tables_of_earlier_versions_are_claimed_by_the_first_application_class_that_opens_them() {
        Map<String, String> settings = settings();
        // Created as before tables had owners: by settings that name no application class.
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(
                Settings.forApplication("DogSchool", settings))) {
            factory.applicationRecorder().insertEvents(JtaTransactionsContract.events(UUID.randomUUID(), 1, 1));
        }
        try (var claimed = new io.eventsourcing.jdbc.testing.owners.b.DogSchool(settings)) {
            assertThat(claimed.notificationLog().maxNotificationId()).isEqualTo(1);
        }
        assertThatThrownBy(() -> new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("belongs to application " + B + ", not " + A);
    }

    @Test
    void without_create_table_owners_are_checked_where_recorded_and_nothing_is_claimed() {
        Map<String, String> settings = settings();
        try (var first = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(settings)) {
            first.createWorld("Fido");
        }
        Map<String, String> readOnly = with(settings, JdbcSettings.CREATE_TABLE, "false");
        assertThatThrownBy(() -> new io.eventsourcing.jdbc.testing.owners.b.DogSchool(readOnly))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("belongs to application " + A + ", not " + B);
        try (var owner = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(readOnly);
             var moved = new io.eventsourcing.jdbc.testing.owners.c.DogSchool(readOnly)) {
            assertThat(owner.notificationLog().maxNotificationId()).isEqualTo(1);
            assertThat(moved.notificationLog().maxNotificationId()).isEqualTo(1);
        }
        // Nothing recorded where no owners are: a database whose tables someone else made.
        Map<String, String> unmanaged = with(settings(), JdbcSettings.CREATE_TABLE, "false");
        new io.eventsourcing.jdbc.testing.owners.a.DogSchool(unmanaged).close();
        new io.eventsourcing.jdbc.testing.owners.b.DogSchool(unmanaged).close();
    }

    @Test
    void in_memory_applications_of_the_same_name_are_unaffected() {
        try (var first = new io.eventsourcing.jdbc.testing.owners.a.DogSchool(Map.of());
             var second = new io.eventsourcing.jdbc.testing.owners.b.DogSchool(Map.of())) {
            first.createWorld("Fido");
            second.createWorld("Rex");
            assertThat(second.notificationLog().maxNotificationId()).isEqualTo(1);
        }
    }
}
