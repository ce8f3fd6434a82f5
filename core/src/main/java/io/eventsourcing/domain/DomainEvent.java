package io.eventsourcing.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event that happened to an aggregate: the user's event record with the facts that place it in the
 * aggregate's history.
 *
 * <p>Immutable. {@code originatorTopic} names the aggregate class and is set only on the event that created the
 * aggregate (version 1), so that the aggregate can be rebuilt from its stored events alone.
 *
 * @param originatorId      the id of the aggregate
 * @param originatorVersion the version of the aggregate after this event (1 for the first event)
 * @param timestamp         when the event was triggered
 * @param originatorTopic   the topic of the aggregate class on the first event, otherwise {@code null}
 * @param payload           the user's event record
 */
public record DomainEvent(UUID originatorId, int originatorVersion, Instant timestamp, String originatorTopic,
                          Record payload) {

    public DomainEvent {
        Objects.requireNonNull(originatorId, "originatorId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
        if (originatorVersion < 1) {
            throw new IllegalArgumentException("originatorVersion must be 1 or more, was " + originatorVersion);
        }
    }

    /** @return the topic of the event: the binary name of the payload's class, as stored */
    public String topic() {
        return payload.getClass().getName();
    }
}
