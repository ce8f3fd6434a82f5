package io.eventsourcing.persistence;

import java.util.List;

/**
 * An application recorder and a tracking recorder, for process applications: it stores, in one transaction, the events
 * that processing a notification of an upstream application produced and a {@link Tracking} record of that
 * notification, so that each notification is processed exactly once. Implementations are thread-safe. Suite:
 * {@code ProcessRecorderConformance}.
 */
public interface ProcessRecorder extends ApplicationRecorder, TrackingRecorder {

    /**
     * Stores the events and the tracking record atomically: all or nothing.
     *
     * @param events   the events processing produced, possibly none
     * @param tracking the notification that was processed
     * @throws IntegrityException if an event's version or the tracked notification is already stored; nothing of
     *                            this call is stored
     */
    default void insertEvents(List<StoredEvent> events, Tracking tracking) {
        insertEvents(events, List.of(tracking));
    }

    /**
     * Stores the events and the tracking records atomically: all or nothing. A batch of notifications is tracked by
     * two records, the notification after the follower's position (which any instance processing from the same
     * position also inserts, so only one of them commits) and the last one (the new position).
     *
     * @param events   the events processing produced, possibly none
     * @param tracking the records, at least one
     * @throws IntegrityException if an event's version or a tracking record is already stored; nothing of this call
     *                            is stored
     */
    void insertEvents(List<StoredEvent> events, List<Tracking> tracking);
}
