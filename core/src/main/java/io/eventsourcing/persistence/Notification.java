package io.eventsourcing.persistence;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored event as the notification log of an application presents it: with its position in the log.
 *
 * <p>The state array is shared, not copied (events are stored and read in bulk): neither whoever builds one nor
 * whoever reads {@link #state()} may modify it.
 *
 * @param id                the notification id: its position in the application's log, from 1
 * @param originatorId      the id of the aggregate
 * @param originatorVersion the version of the aggregate this event made
 * @param topic             the topic of the event's class
 * @param state             the event's state, as stored
 */
public record Notification(long id, UUID originatorId, int originatorVersion, String topic, byte[] state) {

    public Notification {
        Objects.requireNonNull(originatorId, "originatorId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(state, "state");
    }

    /** @return the stored event this notification presents */
    public StoredEvent storedEvent() {
        return new StoredEvent(originatorId, originatorVersion, topic, state);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && id == n.id && originatorVersion == n.originatorVersion
                && originatorId.equals(n.originatorId) && topic.equals(n.topic) && Arrays.equals(state, n.state);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Objects.hash(originatorId, originatorVersion, topic);
    }

    @Override
    public String toString() {
        return "Notification[id=" + id + ", originatorId=" + originatorId + ", originatorVersion="
                + originatorVersion + ", topic=" + topic + ", state=" + state.length + " bytes]";
    }
}
