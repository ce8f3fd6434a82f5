package io.eventsourcing.persistence;

import java.util.List;

/**
 * An application recorder for process applications: it stores, in one transaction, the events that processing a
 * notification of an upstream application produced and a {@link Tracking} record of that notification, so that
 * each notification is processed exactly once. Implementations are thread-safe. Suite:
 * {@code ProcessRecorderConformance}.
 */
public interface ProcessRecorder extends ApplicationRecorder {

    /**
     * Stores the events and the tracking record atomically: all or nothing.
     *
     * @param events   the events processing produced, possibly none
     * @param tracking the notification that was processed
     * @throws IntegrityException if an event's version or the tracked notification is already stored; nothing of
     *                            this call is stored
     */
    void insertEvents(List<StoredEvent> events, Tracking tracking);

    /**
     * @param applicationName the upstream application
     * @return the highest notification id of that application tracked here, 0 if none
     */
    long maxTrackingId(String applicationName);

    /** @return whether that notification of that upstream application is tracked as processed */
    boolean hasTracking(String applicationName, long notificationId);
}
