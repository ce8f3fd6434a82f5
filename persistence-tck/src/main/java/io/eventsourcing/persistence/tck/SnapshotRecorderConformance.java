package io.eventsourcing.persistence.tck;

import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.SnapshotRecorder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.eventsourcing.persistence.tck.Events.event;
import static io.eventsourcing.persistence.tck.Events.versionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link SnapshotRecorder}: an aggregate recorder (the whole {@link AggregateRecorderConformance})
 * that knows which snapshots hold personal data of which subjects, and deletes those of a forgotten subject, and only
 * those. Every backend's test extends this suite unchanged and supplies the snapshot store of an empty store.
 */
public abstract class SnapshotRecorderConformance extends AggregateRecorderConformance {

    @Override
    protected abstract SnapshotRecorder newRecorder();

    private SnapshotRecorder snapshots() {
        return (SnapshotRecorder) recorder();
    }

    @Test
    void forgetting_a_subject_deletes_every_snapshot_that_holds_its_data_and_no_other() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID shared = UUID.randomUUID();
        UUID alices = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        snapshots().insertSnapshot(event(alices, 2), Set.of(alice));
        snapshots().insertSnapshot(event(alices, 5), Set.of(alice));
        snapshots().insertSnapshot(event(shared, 3), Set.of(alice, bob));
        snapshots().insertSnapshot(event(shared, 7), Set.of(bob));
        snapshots().insertSnapshot(event(plain, 4), Set.of());

        assertThat(snapshots().deleteSnapshots(List.of(alice, UUID.randomUUID()))).isEqualTo(3);

        assertThat(snapshots().selectEvents(alices)).isEmpty();
        assertThat(versionsOf(snapshots().selectEvents(shared))).containsExactly(7);
        assertThat(versionsOf(snapshots().selectEvents(plain))).containsExactly(4);
        assertThat(snapshots().deleteSnapshots(List.of(alice))).as("again").isZero();
        assertThat(snapshots().deleteSnapshots(List.of(bob))).isEqualTo(1);
        assertThat(snapshots().selectEvents(shared)).isEmpty();
        assertThat(snapshots().deleteSnapshots(List.of())).isZero();
    }

    @Test
    void a_snapshot_of_a_version_stored_already_is_refused_with_its_subjects() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        snapshots().insertSnapshot(event(id, 2), Set.of(alice));

        assertThatThrownBy(() -> snapshots().insertSnapshot(event(id, 2), Set.of(alice, bob)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(id.toString());

        assertThat(snapshots().deleteSnapshots(List.of(bob))).as("bob's listing was not stored").isZero();
        assertThat(versionsOf(snapshots().selectEvents(id, EventRange.ALL))).containsExactly(2);
        assertThat(snapshots().deleteSnapshots(List.of(alice))).isEqualTo(1);
    }
}
