package io.eventsourcing.persistence.tck;

import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.eventsourcing.persistence.tck.Events.event;
import static io.eventsourcing.persistence.tck.Events.versions;
import static io.eventsourcing.persistence.tck.Events.versionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link AggregateRecorder}: every backend's test extends this suite unchanged and supplies a
 * recorder over an empty store.
 */
public abstract class AggregateRecorderConformance {

    private AggregateRecorder recorder;

    /** @return a recorder over an empty store */
    protected abstract AggregateRecorder newRecorder();

    @BeforeEach
    final void createRecorder() {
        recorder = newRecorder();
    }

    /** @return the recorder of the running test */
    protected AggregateRecorder recorder() {
        return recorder;
    }

    @Test
    void an_unknown_aggregate_has_no_events() {
        assertThat(recorder.selectEvents(UUID.randomUUID())).isEmpty();
    }

    @Test
    void the_last_versions_of_several_aggregates_are_selected_together_and_those_without_events_left_out() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID none = UUID.randomUUID();
        recorder.insertEvents(versions(first, 1, 3));
        recorder.insertEvents(versions(second, 1, 1));
        recorder.insertEvents(versions(first, 4, 7));

        assertThat(recorder.selectLastVersions(List.of(first, second, none)))
                .isEqualTo(Map.of(first, 7, second, 1));
        assertThat(recorder.selectLastVersions(List.of())).isEmpty();
    }

    @Test
    void inserted_events_are_selected_oldest_first_with_their_state() {
        UUID id = UUID.randomUUID();
        recorder.insertEvents(versions(id, 1, 3));

        List<StoredEvent> selected = recorder.selectEvents(id);

        assertThat(selected).containsExactlyElementsOf(versions(id, 1, 3));
    }

    @Test
    void state_bytes_are_stored_exactly() {
        UUID id = UUID.randomUUID();
        byte[] state = new byte[256];
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) i;
        }
        recorder.insertEvents(List.of(new StoredEvent(id, 1, "tck.Binary", state)));

        assertThat(recorder.selectEvents(id).get(0).state()).isEqualTo(state);
    }

    @Test
    void events_of_several_aggregates_are_inserted_together_and_kept_apart() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<StoredEvent> both = new ArrayList<>(versions(a, 1, 2));
        both.addAll(versions(b, 1, 3));
        recorder.insertEvents(both);

        assertThat(versionsOf(recorder.selectEvents(a))).containsExactly(1, 2);
        assertThat(versionsOf(recorder.selectEvents(b))).containsExactly(1, 2, 3);
    }

    @Test
    void later_versions_are_appended_by_later_inserts() {
        UUID id = UUID.randomUUID();
        recorder.insertEvents(versions(id, 1, 2));
        recorder.insertEvents(versions(id, 3, 4));

        assertThat(versionsOf(recorder.selectEvents(id))).containsExactly(1, 2, 3, 4);
    }

    @Test
    void a_range_selects_versions_after_and_up_to_in_either_order_with_a_limit() {
        UUID id = UUID.randomUUID();
        recorder.insertEvents(versions(id, 1, 10));

        assertThat(versionsOf(recorder.selectEvents(id, EventRange.ALL.after(7)))).containsExactly(8, 9, 10);
        assertThat(versionsOf(recorder.selectEvents(id, EventRange.ALL.upTo(3)))).containsExactly(1, 2, 3);
        assertThat(versionsOf(recorder.selectEvents(id, EventRange.ALL.after(2).upTo(5)))).containsExactly(3, 4, 5);
        assertThat(versionsOf(recorder.selectEvents(id, EventRange.ALL.limit(2)))).containsExactly(1, 2);
        assertThat(versionsOf(recorder.selectEvents(id, EventRange.ALL.descendingOrder().limit(3))))
                .containsExactly(10, 9, 8);
        assertThat(versionsOf(recorder.selectEvents(id, EventRange.ALL.upTo(5).descendingOrder().limit(2))))
                .containsExactly(5, 4);
        assertThat(versionsOf(recorder.selectEvents(id, EventRange.ALL.after(4).descendingOrder())))
                .containsExactly(10, 9, 8, 7, 6, 5);
        assertThat(recorder.selectEvents(id, EventRange.ALL.after(10))).isEmpty();
        assertThat(recorder.selectEvents(id, EventRange.ALL.limit(0))).isEmpty();
    }

    @Test
    void a_conflicting_insert_stores_nothing_and_names_the_aggregate_and_version() {
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        recorder.insertEvents(versions(id, 1, 2));
        List<StoredEvent> conflicting = new ArrayList<>(versions(other, 1, 1));
        conflicting.addAll(versions(id, 2, 3));

        assertThatThrownBy(() -> recorder.insertEvents(conflicting))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(id.toString())
                .hasMessageContaining("version 2")
                .satisfies(e -> {
                    assertThat(((IntegrityException) e).originatorId()).isEqualTo(id);
                    assertThat(((IntegrityException) e).originatorVersion()).isEqualTo(2);
                });

        assertThat(versionsOf(recorder.selectEvents(id))).containsExactly(1, 2);
        assertThat(recorder.selectEvents(other)).isEmpty();
    }

    @Test
    void the_same_version_twice_in_one_insert_conflicts() {
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> recorder.insertEvents(List.of(event(id, 1), event(id, 1))))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(id.toString());

        assertThat(recorder.selectEvents(id)).isEmpty();
    }

    @Test
    void the_recorder_is_usable_after_a_conflict() {
        UUID id = UUID.randomUUID();
        recorder.insertEvents(versions(id, 1, 1));
        assertThatThrownBy(() -> recorder.insertEvents(versions(id, 1, 1))).isInstanceOf(IntegrityException.class);

        recorder.insertEvents(versions(id, 2, 2));

        assertThat(versionsOf(recorder.selectEvents(id))).containsExactly(1, 2);
    }

    @Test
    void inserting_no_events_stores_nothing() {
        recorder.insertEvents(List.of());

        assertThat(recorder.selectEvents(UUID.randomUUID())).isEmpty();
    }
}
