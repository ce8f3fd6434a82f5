package io.eventsourcing.serialization;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a snapshot holds an aggregate's fields: those JSON-B alone writes, collections, and fields added since. */
class SnapshotTest {

    public static class Walker extends Aggregate {
        public record Walked(String dog, long minutes) {
        }

        private final TreeMap<String, Long> minutesByDog = new TreeMap<>();
        private Duration total = Duration.ZERO;         // not a kind the library's own codec writes: JSON-B does
        private String note = "new";
        private String[] aliases = {};                 // an array: JSON-B writes it too
        private transient int applied;

        private Walker() {
        }

        Walker(String dog, long minutes) {
            super(UUID.randomUUID());
            trigger(new Walked(dog, minutes));
        }

        void walk(String dog, long minutes) {
            trigger(new Walked(dog, minutes));
        }

        @Apply
        void on(Walked e) {
            minutesByDog.merge(e.dog(), e.minutes(), Long::sum);
            total = total.plusMinutes(e.minutes());
            applied++;
        }
    }

    /** An aggregate with a field JSON-B cannot write: its value's getter throws. */
    public static class Knot extends Aggregate {
        public record Tied() {
        }

        public static class Rope {
            public String getEnd() {
                throw new IllegalStateException("frayed");
            }
        }

        private final Rope rope = new Rope();

        private Knot() {
        }

        static Knot tied() {
            Knot knot = new Knot();
            knot.trigger(new Tied());
            return knot;
        }

        @Apply
        void on(Tied e) {
        }
    }

    private final Mapper mapper = new Mapper();

    @Test
    void fields_of_every_kind_round_trip_and_a_constructors_map_keeps_its_class() {
        Walker walker = new Walker("Rex", 20);
        walker.walk("Fido", 30);
        walker.walk("Rex", 10);

        Walker copy = (Walker) mapper.toAggregate(mapper.toStoredSnapshot(walker));

        assertThat(copy.minutesByDog).isInstanceOf(TreeMap.class).containsExactly(
                Map.entry("Fido", 30L), Map.entry("Rex", 30L));
        assertThat(copy.total).isEqualTo(Duration.ofMinutes(60));
        assertThat(copy.note).isEqualTo("new");
        assertThat(copy.applied).isZero();
        assertThat(copy.version()).isEqualTo(3);
        assertThat(copy.createdOn()).isEqualTo(walker.createdOn());
        assertThat(copy.modifiedOn()).isEqualTo(walker.modifiedOn());
    }

    @Test
    void unpaired_surrogates_round_trip_exactly_in_fields_of_either_codec() {
        Walker walker = new Walker("x\uD800y", 20);
        walker.note = "\uDFFF, a pair \uD83D\uDE00";
        walker.aliases = new String[]{"a\uDBFFb"};

        Walker copy = (Walker) mapper.toAggregate(mapper.toStoredSnapshot(walker));

        assertThat(copy.minutesByDog).containsOnlyKeys("x\uD800y");
        assertThat(copy.note).isEqualTo("\uDFFF, a pair \uD83D\uDE00");
        assertThat(copy.aliases).containsExactly("a\uDBFFb");
    }

    @Test
    void a_field_the_snapshot_lacks_keeps_the_constructors_value_and_an_unknown_one_is_ignored() {
        UUID id = UUID.randomUUID();
        Walker walker = (Walker) mapper.toAggregate(new StoredEvent(id, 2, Walker.class.getName(),
                ("{\"createdOn\":\"2026-11-30T07:00:00Z\",\"modifiedOn\":\"2026-11-30T08:00:00Z\","
                        + "\"state\":{\"minutesByDog\":{\"Rex\":5},\"leash\":\"red\"}}").getBytes(StandardCharsets.UTF_8)));

        assertThat(walker.minutesByDog).containsEntry("Rex", 5L);
        assertThat(walker.total).isEqualTo(Duration.ZERO);
        assertThat(walker.note).isEqualTo("new");
        assertThat(walker.id()).isEqualTo(id);
    }

    @Test
    void a_snapshot_that_cannot_be_read_names_the_aggregate_the_version_and_why() {
        UUID id = UUID.randomUUID();
        Map<String, String> whyByState = Map.of(
                "not json", "its state is not a JSON object",
                "{}", "it lacks \"createdOn\", \"modifiedOn\" or \"state\"",
                "{\"createdOn\":\"2026-11-30T07:00:00Z\",\"modifiedOn\":\"2026-11-30T08:00:00Z\","
                        + "\"state\":{\"total\":\"long\"}}", "field total of " + Walker.class.getName());

        whyByState.forEach((state, why) -> assertThatThrownBy(() -> mapper.toAggregate(new StoredEvent(id, 2,
                Walker.class.getName(), state.getBytes(StandardCharsets.UTF_8))))
                .hasMessageStartingWith("Cannot read the snapshot of aggregate " + id + " at version 2: " + why));
    }

    @Test
    void a_field_json_b_cannot_write_names_the_aggregate_and_the_field() {
        Knot knot = Knot.tied();

        assertThatThrownBy(() -> mapper.toStoredSnapshot(knot))
                .hasMessageStartingWith("Cannot snapshot aggregate " + knot.id() + " (" + Knot.class.getName()
                        + "): cannot write its field rope (" + Knot.Rope.class.getName() + "):");
    }
}
