package io.eventsourcing.persistence;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A domain event as a recorder stores it: the aggregate's id and version, the topic naming the event's class and
 * the event's state as bytes (JSON, possibly compressed and encrypted).
 *
 * <p>The state array is shared, not copied (events are stored and read in bulk): neither whoever builds one nor
 * whoever reads {@link #state()} may modify it.
 *
 * @param originatorId      the id of the aggregate
 * @param originatorVersion the version of the aggregate this event made
 * @param topic             the topic of the event's class
 * @param state             the event's state, as the mapper encoded it
 */
public record StoredEvent(UUID originatorId, int originatorVersion, String topic, byte[] state) {

    public StoredEvent {
        Objects.requireNonNull(originatorId, "originatorId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(state, "state");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEvent e && originatorVersion == e.originatorVersion
                && originatorId.equals(e.originatorId) && topic.equals(e.topic) && Arrays.equals(state, e.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(originatorId, originatorVersion, topic) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "StoredEvent[originatorId=" + originatorId + ", originatorVersion=" + originatorVersion
                + ", topic=" + topic + ", state=" + state.length + " bytes]";
    }
}
