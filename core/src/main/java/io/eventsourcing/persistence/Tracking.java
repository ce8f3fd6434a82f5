package io.eventsourcing.persistence;

import java.util.Objects;

/**
 * Records that a process application has processed one notification of an upstream application's log. It is
 * written in the same transaction as the events the processing produced, so each notification is processed
 * exactly once.
 *
 * @param applicationName the name of the upstream application
 * @param notificationId  the id of the processed notification
 */
public record Tracking(String applicationName, long notificationId) {

    public Tracking {
        Objects.requireNonNull(applicationName, "applicationName");
        if (notificationId < 1) {
            throw new IllegalArgumentException("notificationId must be 1 or more, was " + notificationId);
        }
    }
}
