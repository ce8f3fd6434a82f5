package io.eventsourcing.persistence;

import java.util.Objects;
import java.util.UUID;

/**
 * A notification a follower could not process and skipped ({@code eventsourcing.on-failure=skip}): recorded in the
 * same transaction as the tracking that moved past it, to be processed again on request.
 *
 * @param applicationName  the upstream application
 * @param notificationId   the notification's id in its log
 * @param topic            the event's topic
 * @param originatorId     the event's aggregate
 * @param originatorVersion the event's version
 * @param error            what the policy threw, as text
 */
public record DeadLetter(String applicationName, long notificationId, String topic, UUID originatorId,
                         int originatorVersion, String error) {

    public DeadLetter {
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(originatorId, "originatorId");
        Objects.requireNonNull(error, "error");
    }
}
