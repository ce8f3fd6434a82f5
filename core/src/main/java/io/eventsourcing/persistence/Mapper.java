package io.eventsourcing.persistence;

import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.internal.JsonTranscoder;
import io.eventsourcing.persistence.internal.Topics;

import java.util.Objects;

/**
 * Turns domain events into stored events and back: the event's class becomes its topic, its state becomes bytes
 * through the {@link Transcoder}. Thread-safe; topics are resolved to classes once and cached.
 */
public final class Mapper {

    private final Transcoder transcoder;
    private final Topics topics;

    /** A mapper with the default JSON transcoder. */
    public Mapper() {
        this(new JsonTranscoder());
    }

    public Mapper(Transcoder transcoder) {
        this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
        this.topics = Topics.forCurrentThread();
    }

    /** @return the stored form of the event */
    public StoredEvent toStoredEvent(DomainEvent event) {
        return new StoredEvent(event.originatorId(), event.originatorVersion(),
                event.topic(), transcoder.encode(event));
    }

    /**
     * @return the domain event the stored event holds
     * @throws UnknownTopicException naming the topic and aggregate if the topic names no event record class
     */
    public DomainEvent toDomainEvent(StoredEvent stored) {
        Class<?> type = topics.resolve(stored.topic());
        if (type == null || !type.isRecord()) {
            throw new UnknownTopicException(stored.topic(), stored.originatorId(), stored.originatorVersion(), null);
        }
        return transcoder.decode(stored.originatorId(), stored.originatorVersion(), type.asSubclass(Record.class),
                stored.state());
    }
}
