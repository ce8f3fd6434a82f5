package io.eventsourcing.system;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.Tracking;

import java.util.ArrayList;
import java.util.List;

/**
 * The processing of one notification by a {@link Policy}: the event, the tracking record that will mark it
 * processed, and the aggregates whose new events are saved with that record, all or nothing. Not thread-safe: it
 * belongs to the one call of the policy.
 */
public final class ProcessingEvent {

    private final DomainEvent event;
    private final Tracking tracking;
    private final List<Aggregate> aggregates = new ArrayList<>(2);

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

    /** @return the aggregates collected, in the order collected */
    List<Aggregate> aggregates() {
        return aggregates;
    }
}
