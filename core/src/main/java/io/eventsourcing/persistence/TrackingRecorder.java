package io.eventsourcing.persistence;

import java.util.List;

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

    /**
     * Inserts the tracking records and the dead letter in one transaction (the caller's JTA transaction if one is
     * active): a follower skips a notification it could not process.
     *
     * @throws IntegrityException if a tracking record is already stored; nothing is stored then
     */
    void insertDeadLetter(List<Tracking> tracking, DeadLetter letter);

    /** @return the dead letters of that upstream application, by notification id */
    List<DeadLetter> selectDeadLetters(String applicationName);

    /** Removes a dead letter, once its notification was processed again; does nothing if there is none. */
    void deleteDeadLetter(String applicationName, long notificationId);
}
