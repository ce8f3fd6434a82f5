package io.eventsourcing.persistence;

import java.util.List;
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

    /**
     * @return the tracking of a batch: the notifications after {@code position} up to {@code upTo}, as the
     *         notification after the position, which any follower instance processing from the same position also
     *         inserts (so only one of them commits), and the last one, the new position
     */
    public static List<Tracking> ofBatch(String applicationName, long position, long upTo) {
        if (upTo <= position) {
            throw new IllegalArgumentException("A batch after notification " + position + " ends after it, not at "
                    + upTo);
        }
        Tracking first = new Tracking(applicationName, position + 1);
        return upTo == position + 1 ? List.of(first) : List.of(first, new Tracking(applicationName, upTo));
    }
}
