package io.eventsourcing.serialization;

import io.eventsourcing.application.Application;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.domain.Renamed;
import io.eventsourcing.domain.Upcast;
import io.eventsourcing.persistence.StoredEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Events stored by older versions of their classes: upcast on read, and found under the topics they had. */
class VersioningTest {

    /** Version 3: version 1 had only a name, version 2 added the age, version 3 the breed. */
    public record Registered(String name, int age, String breed) {
        @Upcast(from = 1)
        static JsonObject addAge(JsonObject v1) {
            return Json.createObjectBuilder(v1).add("age", 1).build();
        }

        @Upcast(from = 2)
        static JsonObject addBreed(JsonObject v2) {
            return Json.createObjectBuilder(v2).add("breed", "unknown").build();
        }
    }

    public record Gapped(String name) {
        @Upcast(from = 2)
        static JsonObject fromTwo(JsonObject v2) {
            return v2;
        }
    }

    public record Misdeclared(String name) {
        @Upcast(from = 1)
        JsonObject notStatic(JsonObject v1) {
            return v1;
        }
    }

    /** An aggregate that was called old.Kennel, with an event that was called old.Kennel$DogArrived. */
    @Renamed(from = "old.Kennel")
    public static class Kennel extends Aggregate {
        @Renamed(from = "old.Kennel$DogArrived")
        public record DogRegistered(String name) {
        }

        private String last;

        private Kennel() {
        }

        @Apply
        void on(DogRegistered e) {
            last = e.name();
        }
    }

    /** Version 2: version 1 called its field {@code last}. */
    public static class Shelter extends Aggregate {
        public record Admitted(String name) {
        }

        private String latest;

        private Shelter() {
        }

        @Apply
        void on(Admitted e) {
            latest = e.name();
        }

        @Upcast(from = 1)
        static JsonObject renameLast(JsonObject v1) {
            return Json.createObjectBuilder().add("latest", v1.get("last")).build();
        }
    }

    private final Mapper mapper = new Mapper();
    private final UUID id = UUID.randomUUID();

    private StoredEvent stored(String topic, String json) {
        return new StoredEvent(id, 1, topic, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_event_stored_before_the_class_had_versions_is_upcast_through_each_version() {
        DomainEvent event = mapper.toDomainEvent(stored(Registered.class.getName(),
                "{\"timestamp\":\"2026-11-30T07:00:00Z\",\"payload\":{\"name\":\"Fido\"}}"));

        assertThat(event.payload()).isEqualTo(new Registered("Fido", 1, "unknown"));
    }

    @Test
    void an_unpaired_surrogate_survives_upcasting() {
        DomainEvent event = mapper.toDomainEvent(stored(Registered.class.getName(),
                "{\"timestamp\":\"2026-11-30T07:00:00Z\",\"payload\":{\"name\":\"x\\ud800y\"}}"));

        assertThat(event.payload()).isEqualTo(new Registered("x\uD800y", 1, "unknown"));
    }

    @Test
    void an_event_stored_at_a_middle_version_is_upcast_from_there() {
        DomainEvent event = mapper.toDomainEvent(stored(Registered.class.getName(),
                "{\"timestamp\":\"2026-11-30T07:00:00Z\",\"classVersion\":2,\"payload\":{\"age\":4,\"name\":\"Rex\"}}"));

        assertThat(event.payload()).isEqualTo(new Registered("Rex", 4, "unknown"));
    }

    @Test
    void events_are_written_with_their_class_version_and_read_back_as_they_are() {
        DomainEvent event = new DomainEvent(id, 1, Instant.parse("2026-11-30T07:00:00Z"), "com.example.Dog",
                new Registered("Fido", 3, "beagle"));

        StoredEvent stored = mapper.toStoredEvent(event);

        assertThat(new String(stored.state(), StandardCharsets.UTF_8)).isEqualTo("{\"timestamp\":"
                + "\"2026-11-30T07:00:00Z\",\"originatorTopic\":\"com.example.Dog\",\"classVersion\":3,"
                + "\"payload\":{\"age\":3,\"breed\":\"beagle\",\"name\":\"Fido\"}}");
        assertThat(mapper.toDomainEvent(stored)).isEqualTo(event);
    }

    @Test
    void the_class_version_is_read_in_any_key_order() {
        DomainEvent event = mapper.toDomainEvent(stored(Registered.class.getName(),
                "{\"payload\":{\"name\":\"Fido\",\"age\":2},\"classVersion\":2,\"timestamp\":\"2026-11-30T07:00:00Z\"}"));

        assertThat(event.payload()).isEqualTo(new Registered("Fido", 2, "unknown"));
    }

    @Test
    void an_event_stored_by_a_newer_version_of_its_class_is_refused_naming_both_versions() {
        assertThatThrownBy(() -> mapper.toDomainEvent(stored(Registered.class.getName(),
                "{\"timestamp\":\"2026-11-30T07:00:00Z\",\"classVersion\":4,\"payload\":{\"name\":\"Fido\"}}")))
                .hasMessageContaining("Cannot read version 1 of aggregate " + id)
                .hasMessageContaining("stored at version 4 of " + Registered.class.getName()
                        + ", and this class is version 3");
    }

    @Test
    void upcasters_must_start_at_version_1_and_be_static_named_in_the_error() {
        assertThatThrownBy(() -> mapper.toStoredEvent(new DomainEvent(id, 1, Instant.now(), null, new Gapped("x"))))
                .hasMessageContaining(Gapped.class.getName() + " has no @Upcast method from version 1");
        assertThatThrownBy(() -> mapper.toStoredEvent(new DomainEvent(id, 1, Instant.now(), null,
                new Misdeclared("x"))))
                .hasMessageContaining("@Upcast method " + Misdeclared.class.getName() + ".notStatic must be static");
    }

    @Test
    void events_and_aggregates_stored_under_former_topics_are_read_as_the_renamed_classes() {
        try (Application app = new Application()) {
            app.eventStore().recorder().insertEvents(List.of(stored("old.Kennel$DogArrived",
                    "{\"timestamp\":\"2026-11-30T07:00:00Z\",\"originatorTopic\":\"old.Kennel\","
                            + "\"payload\":{\"name\":\"Fido\"}}")));

            Kennel kennel = app.repository().get(id);

            assertThat(kennel.last).isEqualTo("Fido");
            assertThat(app.eventStore().get(id).get(0).payload()).isEqualTo(new Kennel.DogRegistered("Fido"));
        }
    }

    @Test
    void a_snapshot_taken_by_an_older_version_of_the_aggregate_class_is_upcast_before_it_is_read() {
        Shelter shelter = (Shelter) mapper.toAggregate(new StoredEvent(id, 5, Shelter.class.getName(),
                ("{\"createdOn\":\"2026-11-30T07:00:00Z\",\"modifiedOn\":\"2026-11-30T07:05:00Z\","
                        + "\"state\":{\"last\":\"Rex\"}}").getBytes(StandardCharsets.UTF_8)));

        assertThat(shelter.latest).isEqualTo("Rex");
        assertThat(shelter.version()).isEqualTo(5);
        assertThat(new String(mapper.toStoredSnapshot(shelter).state(), StandardCharsets.UTF_8))
                .contains("\"classVersion\":2,\"state\":{\"latest\":\"Rex\"}");
    }
}
