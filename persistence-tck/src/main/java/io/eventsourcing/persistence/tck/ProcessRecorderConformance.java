package io.eventsourcing.persistence.tck;

import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.Tracking;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.eventsourcing.persistence.tck.Events.versions;
import static io.eventsourcing.persistence.tck.Events.versionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link ProcessRecorder}: the application recorder's, plus tracking records written atomically with
 * the events that processing a notification produced. Every backend's test extends this suite unchanged.
 */
public abstract class ProcessRecorderConformance extends ApplicationRecorderConformance {

    @Override
    protected abstract ProcessRecorder newRecorder();

    @Override
    protected ProcessRecorder recorder() {
        return (ProcessRecorder) super.recorder();
    }

    @Test
    void nothing_is_tracked_at_first() {
        assertThat(recorder().maxTrackingId("upstream")).isZero();
        assertThat(recorder().hasTracking("upstream", 1)).isFalse();
    }

    @Test
    void events_and_tracking_are_stored_together() {
        UUID id = UUID.randomUUID();
        recorder().insertEvents(versions(id, 1, 2), new Tracking("upstream", 1));
        recorder().insertEvents(versions(id, 3, 3), new Tracking("upstream", 2));

        assertThat(versionsOf(recorder().selectEvents(id))).containsExactly(1, 2, 3);
        assertThat(recorder().maxNotificationId()).isEqualTo(3);
        assertThat(recorder().maxTrackingId("upstream")).isEqualTo(2);
        assertThat(recorder().hasTracking("upstream", 1)).isTrue();
        assertThat(recorder().hasTracking("upstream", 2)).isTrue();
        assertThat(recorder().hasTracking("upstream", 3)).isFalse();
    }

    @Test
    void a_notification_that_produced_no_events_is_tracked() {
        recorder().insertEvents(List.of(), new Tracking("upstream", 5));

        assertThat(recorder().maxTrackingId("upstream")).isEqualTo(5);
        assertThat(recorder().hasTracking("upstream", 5)).isTrue();
        assertThat(recorder().maxNotificationId()).isZero();
    }

    @Test
    void upstream_applications_are_tracked_apart() {
        recorder().insertEvents(List.of(), new Tracking("orders", 7));
        recorder().insertEvents(List.of(), new Tracking("payments", 3));

        assertThat(recorder().maxTrackingId("orders")).isEqualTo(7);
        assertThat(recorder().maxTrackingId("payments")).isEqualTo(3);
        assertThat(recorder().hasTracking("orders", 3)).isFalse();
    }

    @Test
    void processing_a_notification_twice_conflicts_and_stores_nothing() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        recorder().insertEvents(versions(first, 1, 1), new Tracking("upstream", 1));

        assertThatThrownBy(() -> recorder().insertEvents(versions(second, 1, 1), new Tracking("upstream", 1)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("upstream")
                .hasMessageContaining("1");

        assertThat(recorder().selectEvents(second)).isEmpty();
        assertThat(recorder().maxNotificationId()).isEqualTo(1);
    }

    @Test
    void a_batch_is_tracked_by_its_first_and_last_notifications_and_a_batch_from_the_same_position_conflicts() {
        UUID id = UUID.randomUUID();
        recorder().insertEvents(versions(id, 1, 2), Tracking.ofBatch("upstream", 0, 5));

        assertThat(recorder().maxTrackingId("upstream")).isEqualTo(5);
        assertThat(recorder().hasTracking("upstream", 1)).isTrue();
        assertThat(recorder().hasTracking("upstream", 5)).isTrue();

        UUID other = UUID.randomUUID();
        assertThatThrownBy(() -> recorder().insertEvents(versions(other, 1, 1), Tracking.ofBatch("upstream", 0, 3)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("Notification 1 of application upstream is already tracked");
        assertThat(recorder().selectEvents(other)).isEmpty();
        assertThat(recorder().hasTracking("upstream", 3)).isFalse();
        assertThat(recorder().maxTrackingId("upstream")).isEqualTo(5);

        recorder().insertEvents(versions(other, 1, 1), Tracking.ofBatch("upstream", 5, 9));
        assertThat(recorder().maxTrackingId("upstream")).isEqualTo(9);
        assertThat(recorder().maxNotificationId()).isEqualTo(3);
    }

    @Test
    void a_conflicting_event_stores_no_tracking() {
        UUID id = UUID.randomUUID();
        recorder().insertEvents(versions(id, 1, 1), new Tracking("upstream", 1));

        assertThatThrownBy(() -> recorder().insertEvents(versions(id, 1, 1), new Tracking("upstream", 2)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(id.toString());

        assertThat(recorder().maxTrackingId("upstream")).isEqualTo(1);
        assertThat(recorder().hasTracking("upstream", 2)).isFalse();
    }
}
