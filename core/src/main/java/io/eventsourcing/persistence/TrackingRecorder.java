package io.eventsourcing.persistence;

/**
 * Records which notifications of upstream applications were processed ({@link Tracking}), so that a follower
 * resumes after the last one and processes each exactly once. A process recorder is one (with its events); so is
 * whatever a read model records in its own store. Implementations are thread-safe.
 */
public interface TrackingRecorder {

    /**
     * @param applicationName the upstream application
     * @return the highest notification id of that application tracked here, 0 if none
     */
    long maxTrackingId(String applicationName);

    /** @return whether that notification of that upstream application is tracked as processed */
    boolean hasTracking(String applicationName, long notificationId);
}
