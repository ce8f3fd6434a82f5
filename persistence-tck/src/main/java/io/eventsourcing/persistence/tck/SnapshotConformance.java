package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.AggregateVersionNotFoundException;
import io.eventsourcing.application.Application;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots, whatever stores them: an application that takes them rebuilds an aggregate from the latest snapshot
 * at or below the version asked for and the events after it, with the same state, version and timestamps as from
 * its events alone. Every backend's test extends this suite and supplies settings for an empty store.
 */
public abstract class SnapshotConformance {

    /** @return settings that make an application over a fresh, empty store */
    protected abstract Map<String, String> settings();

    private Map<String, String> snapshotting() {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(Settings.SNAPSHOTTING, "true");
        return settings;
    }

    @Test
    void an_aggregate_rebuilt_from_its_snapshot_and_later_events_has_the_state_it_had() {
        try (Universe app = new Universe(snapshotting())) {
            World world = new World("Earth");
            world.makeItSo("dinosaurs");
            world.describe(new World.Described("blue", 7_000_000_000L, 3, 0.71, true, UUID.randomUUID(),
                    Instant.parse("2026-11-30T06:28:00Z"), LocalDate.of(2026, 11, 30), new BigDecimal("5.97e24"),
                    World.Kind.ROCKY, List.of("home", "wet"), Set.of(1, 2), Map.of("moons", 1),
                    new World.Place("Greenwich", 51.48), List.of(new World.Place("Quito", -0.18))));
            app.save(world);
            app.takeSnapshot(world.id());
            world.makeItSo("trucks");
            app.save(world);

            World copy = app.repository().get(world.id());

            assertThat(copy.name()).isEqualTo("Earth");
            assertThat(copy.history()).containsExactly("dinosaurs", "trucks");
            assertThat(copy.description()).isEqualTo(world.description());
            assertThat(copy.version()).isEqualTo(4);
            assertThat(copy.createdOn()).isEqualTo(world.createdOn());
            assertThat(copy.modifiedOn()).isEqualTo(world.modifiedOn());
        }
    }

    @Test
    void the_repository_starts_from_the_latest_snapshot_and_applies_only_the_events_after_it() {
        try (Universe app = new Universe(snapshotting())) {
            Counter counter = new Counter("visits");
            counter.increment();
            counter.increment();
            app.save(counter);
            app.takeSnapshot(counter.id());
            Counter later = app.repository().get(counter.id());
            later.increment();
            app.save(later);

            Counter rebuilt = app.repository().get(counter.id());

            assertThat(rebuilt.count()).isEqualTo(3);
            assertThat(rebuilt.version()).isEqualTo(4);
            assertThat(rebuilt.applied()).as("events applied after the snapshot of version 3").isEqualTo(1);
            assertThat(rebuilt.name()).isEqualTo("visits");
        }
    }

    @Test
    void a_version_below_every_snapshot_is_rebuilt_from_events_and_one_above_from_the_snapshot() {
        try (Universe app = new Universe(snapshotting())) {
            Counter counter = new Counter("visits");
            counter.increment();
            counter.increment();
            counter.increment();
            app.save(counter);
            app.takeSnapshot(counter.id(), 3);

            Counter two = app.repository().get(counter.id(), 2);
            Counter four = app.repository().get(counter.id(), 4);

            assertThat(two.count()).isEqualTo(1);
            assertThat(two.applied()).isEqualTo(2);
            assertThat(four.count()).isEqualTo(3);
            assertThat(four.applied()).as("the event after the snapshot of version 3").isEqualTo(1);
        }
    }

    @Test
    void strings_with_unpaired_surrogates_round_trip_exactly_through_a_snapshot() {
        try (Universe app = new Universe(snapshotting())) {
            World world = new World("x\uD800y");
            world.makeItSo("\uDC00, a pair \uD83D\uDE00, \uDBFF");
            world.label("a\uDFFFb");
            app.save(world);
            app.takeSnapshot(world.id());

            World copy = app.repository().get(world.id());

            assertThat(copy.name()).isEqualTo("x\uD800y");
            assertThat(copy.history()).containsExactly("\uDC00, a pair \uD83D\uDE00, \uDBFF");
            assertThat(copy.label()).isEqualTo("a\uDFFFb");
        }
    }

    @Test
    void a_version_past_the_last_is_refused_from_a_snapshot_too() {
        try (Universe app = new Universe(snapshotting())) {
            UUID id = app.createWorld("Earth");
            app.makeItSo(id, "dinosaurs");
            app.takeSnapshot(id);
            app.makeItSo(id, "trucks");

            assertThatThrownBy(() -> app.repository().get(id, 4))
                    .isInstanceOf(AggregateVersionNotFoundException.class)
                    .hasMessageContaining("has no version 4")
                    .hasMessageContaining("its last version is 3");
        }
    }

    @Test
    void taking_a_snapshot_of_a_version_again_changes_nothing() {
        try (Universe app = new Universe(snapshotting())) {
            UUID id = app.createWorld("Earth");
            app.takeSnapshot(id);
            app.takeSnapshot(id);

            assertThat(app.repository().<World>get(id).name()).isEqualTo("Earth");
        }
    }

    @Test
    void an_application_with_snapshotting_intervals_snapshots_when_a_save_passes_a_multiple() {
        try (Kennel kennel = new Kennel(settings())) {
            Counter counter = new Counter("barks");          // version 1
            kennel.save(counter);
            for (int i = 0; i < 4; i++) {                      // versions 2 (snapshot), 3, 4 (snapshot), 5
                counter.increment();
                kennel.save(counter);
            }

            Counter rebuilt = kennel.repository().get(counter.id());

            assertThat(rebuilt.count()).isEqualTo(4);
            assertThat(rebuilt.applied()).as("the event after the snapshot of version 4").isEqualTo(1);
            assertThat(kennel.repository().<Counter>get(counter.id(), 3).applied())
                    .as("the event after the snapshot of version 2").isEqualTo(1);
        }
    }

    @Test
    void without_snapshotting_taking_a_snapshot_says_how_to_turn_it_on() {
        try (Universe app = new Universe(settings())) {
            UUID id = app.createWorld("Earth");

            assertThatThrownBy(() -> app.takeSnapshot(id))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Universe takes no snapshots: set " + Settings.SNAPSHOTTING + "=true");
        }
    }

    /** An application that snapshots counters every two events. */
    public static class Kennel extends Application {

        public Kennel(Map<String, String> settings) {
            super(settings);
        }

        @Override
        protected Map<Class<? extends Aggregate>, Integer> snapshottingIntervals() {
            return Map.of(Counter.class, 2);
        }
    }
}
