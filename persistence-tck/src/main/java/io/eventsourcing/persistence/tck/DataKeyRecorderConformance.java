package io.eventsourcing.persistence.tck;

import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.Tracking;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.eventsourcing.persistence.tck.Events.event;
import static io.eventsourcing.persistence.tck.Events.versionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link DataKeyRecorder}: data keys are stored and deleted in the transaction of the events they
 * come with, all or nothing. Every backend's test extends this suite unchanged and supplies a process recorder
 * over an empty store that keeps data keys.
 */
public abstract class DataKeyRecorderConformance {

    private static final byte[] WRAPPED = {1, 2, 3, 4};
    private static final byte[] OTHER = {5, 6, 7, 8};

    private ProcessRecorder events;
    private DataKeyRecorder keys;

    /** @return a process recorder over an empty store, which is a {@link DataKeyRecorder} */
    protected abstract ProcessRecorder newRecorder();

    @BeforeEach
    final void createRecorder() {
        events = newRecorder();
        assertThat(events).as("the recorder keeps data keys").isInstanceOf(DataKeyRecorder.class);
        keys = (DataKeyRecorder) events;
    }

    @Test
    void a_subject_without_a_key_has_none() {
        assertThat(keys.selectDataKey(UUID.randomUUID())).isEmpty();
    }

    @Test
    void keys_are_stored_with_the_events_and_selected_as_given() {
        UUID aggregate = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        keys.insertEvents(List.of(event(aggregate, 1), event(aggregate, 2)), List.of(),
                List.of(new DataKey(subject, WRAPPED), new DataKey(other, OTHER)), List.of());

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
        assertThat(keyOf(other)).containsExactly(OTHER);
        assertThat(versionsOf(events.selectEvents(aggregate))).containsExactly(1, 2);
        assertThat(events.maxNotificationId()).isEqualTo(2);
    }

    @Test
    void a_second_key_for_a_subject_is_refused_naming_it_and_nothing_of_that_save_is_stored() {
        UUID subject = UUID.randomUUID();
        UUID newcomer = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, WRAPPED)), List.of());

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 1)), List.of(),
                List.of(new DataKey(newcomer, OTHER), new DataKey(subject, OTHER)), List.of()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(subject.toString());

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
        assertThat(keys.selectDataKey(newcomer)).isEmpty();
        assertThat(events.selectEvents(aggregate)).isEmpty();
    }

    @Test
    void keys_of_a_save_whose_events_conflict_are_not_stored() {
        UUID aggregate = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        events.insertEvents(List.of(event(aggregate, 1)));

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 1)), List.of(),
                List.of(new DataKey(subject, WRAPPED)), List.of()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(aggregate.toString());

        assertThat(keys.selectDataKey(subject)).isEmpty();
    }

    @Test
    void forgetting_deletes_the_key_with_the_events_stored_and_a_subject_without_one_is_no_error() {
        UUID subject = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, WRAPPED), new DataKey(kept, OTHER)),
                List.of());

        keys.insertEvents(List.of(event(aggregate, 1)), List.of(), List.of(),
                List.of(subject, UUID.randomUUID()));

        assertThat(keys.selectDataKey(subject)).isEmpty();
        assertThat(keyOf(kept)).containsExactly(OTHER);
        assertThat(versionsOf(events.selectEvents(aggregate))).containsExactly(1);
    }

    @Test
    void a_forgetting_whose_events_conflict_deletes_nothing() {
        UUID subject = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        keys.insertEvents(List.of(event(aggregate, 1)), List.of(), List.of(new DataKey(subject, WRAPPED)),
                List.of());

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 1)), List.of(), List.of(),
                List.of(subject)))
                .isInstanceOf(IntegrityException.class);

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
    }

    @Test
    void a_subject_forgotten_and_given_a_new_key_in_one_save_has_the_new_key() {
        UUID subject = UUID.randomUUID();
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, WRAPPED)), List.of());

        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, OTHER)), List.of(subject));

        assertThat(keyOf(subject)).containsExactly(OTHER);
    }

    @Test
    void keys_are_stored_with_the_tracking_and_not_if_the_notification_is_tracked_already() {
        UUID aggregate = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        keys.insertEvents(List.of(event(aggregate, 1)), List.of(new Tracking("Upstream", 1)),
                List.of(new DataKey(subject, WRAPPED)), List.of());

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 2)),
                List.of(new Tracking("Upstream", 1)), List.of(new DataKey(late, OTHER)), List.of()))
                .isInstanceOf(IntegrityException.class);

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
        assertThat(events.hasTracking("Upstream", 1)).isTrue();
        assertThat(keys.selectDataKey(late)).isEmpty();
        assertThat(versionsOf(events.selectEvents(aggregate))).containsExactly(1);
    }

    private byte[] keyOf(UUID subject) {
        return keys.selectDataKey(subject).orElseThrow(() -> new AssertionError("no key for subject " + subject));
    }
}
