package io.eventsourcing.serialization;

import java.util.UUID;

/**
 * A stored event's topic names no class that can be loaded: the event class was renamed or removed, or is not
 * on the class path. Register the old topic for the renamed class, or put the class back.
 */
public class UnknownTopicException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final UUID originatorId;
    private final int originatorVersion;

    public UnknownTopicException(String topic, UUID originatorId, int originatorVersion, Throwable cause) {
        super("Cannot read version %d of aggregate %s: its topic '%s' names no event record class on the class path"
                .formatted(originatorVersion, originatorId, topic), cause);
        this.topic = topic;
        this.originatorId = originatorId;
        this.originatorVersion = originatorVersion;
    }

    public String topic() {
        return topic;
    }

    public UUID originatorId() {
        return originatorId;
    }

    public int originatorVersion() {
        return originatorVersion;
    }
}
