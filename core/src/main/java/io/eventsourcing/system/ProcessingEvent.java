package io.eventsourcing.system;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.serialization.internal.SubjectKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The processing of one notification by a {@link Policy}: the event, the tracking record that will mark it
 * processed, and the aggregates whose new events are saved with that record, and the subjects forgotten with it,
 * all or nothing. Not thread-safe: it
 * belongs to the one call of the policy.
 */
public final class ProcessingEvent {

    private final DomainEvent event;
    private final Tracking tracking;
    private final List<Aggregate> aggregates = new ArrayList<>(2);
    /** Created on first need: most events forget no one. */
    private List<UUID> forgotten;

    ProcessingEvent(DomainEvent event, Tracking tracking) {
        this.event = event;
        this.tracking = tracking;
    }

    /** @return the event being processed, with its aggregate's id and version */
    public DomainEvent event() {
        return event;
    }

    /** @return which notification of which application this processes */
    public Tracking tracking() {
        return tracking;
    }

    /**
     * Saves the aggregates' pending events together with the tracking record, once the policy returns: with those
     * of the other notifications of its batch ({@value io.eventsourcing.config.Settings#BATCH_SIZE}), all or
     * nothing; until then the application's repository returns these aggregates to the batch's other policies.
     */
    public void collect(Aggregate... aggregates) {
        for (Aggregate aggregate : aggregates) {
            if (!this.aggregates.contains(aggregate)) {
                this.aggregates.add(aggregate);
            }
        }
    }

    /**
     * Forgets a subject of personal data together with the tracking record, all or nothing, as
     * {@link io.eventsourcing.application.Application#forget} does: its data key is deleted and a
     * {@link io.eventsourcing.application.SubjectForgotten} is stored with the events of the batch, so that if the batch
     * is not stored, nothing is forgotten, and if it is, the notification is not processed again (which would store
     * a second {@code SubjectForgotten}). The subject's personal data in the events the batch stores is forgotten
     * too: no key is stored for it. The snapshots that hold its personal data are deleted first, before the batch's
     * transaction (a snapshot is a cache).
     *
     * @throws IllegalArgumentException naming the subject if its id is reserved (the nil UUID)
     */
    public void forget(UUID subjectId) {
        SubjectKeys.forgettable(Objects.requireNonNull(subjectId, "subjectId"));
        if (forgotten == null) {
            forgotten = new ArrayList<>(1);
        }
        if (!forgotten.contains(subjectId)) {
            forgotten.add(subjectId);
        }
    }

    /** @return the aggregates collected, in the order collected */
    List<Aggregate> aggregates() {
        return aggregates;
    }

    /** @return the subjects to forget, in the order given */
    List<UUID> forgotten() {
        return forgotten == null ? List.of() : forgotten;
    }
}
