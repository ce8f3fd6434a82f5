package io.eventsourcing.persistence;

import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.serialization.Mapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Stores domain events through a {@link Mapper} in a recorder, and gets them back. Thread-safe when the recorder
 * is (all recorders of this library are).
 */
public final class EventStore {

    private final Mapper mapper;
    private final AggregateRecorder recorder;

    public EventStore(Mapper mapper, AggregateRecorder recorder) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /**
     * Stores the events atomically.
     *
     * @return the events as stored, in order
     * @throws IntegrityException if one of them is already stored; none of them is stored then
     */
    public List<StoredEvent> put(List<DomainEvent> events) {
        List<StoredEvent> stored = toStored(events);
        recorder.insertEvents(stored);
        return stored;
    }

    /**
     * Stores the events and the tracking record atomically; needs a {@link ProcessRecorder}.
     *
     * @return the events as stored, in order
     * @throws IntegrityException if an event or the tracked notification is already stored; nothing is stored then
     */
    public List<StoredEvent> put(List<DomainEvent> events, Tracking tracking) {
        return put(events, List.of(tracking));
    }

    /**
     * Stores the events and the tracking records atomically; needs a {@link ProcessRecorder}.
     *
     * @return the events as stored, in order
     * @throws IntegrityException if an event or a tracking record is already stored; nothing is stored then
     */
    public List<StoredEvent> put(List<DomainEvent> events, List<Tracking> tracking) {
        if (!(recorder instanceof ProcessRecorder process)) {
            throw new IllegalStateException("Cannot record tracking with " + recorder.getClass().getName()
                    + ": it is not a ProcessRecorder");
        }
        List<StoredEvent> stored = toStored(events);
        process.insertEvents(stored, tracking);
        return stored;
    }

    /** @return all events of the aggregate, oldest first; empty if there are none */
    public List<DomainEvent> get(UUID originatorId) {
        return get(originatorId, EventRange.ALL);
    }

    /** @return the events of the aggregate that the range selects */
    public List<DomainEvent> get(UUID originatorId, EventRange range) {
        List<StoredEvent> stored = recorder.selectEvents(originatorId, range);
        List<DomainEvent> events = new ArrayList<>(stored.size());
        for (int i = 0, n = stored.size(); i < n; i++) {
            events.add(mapper.toDomainEvent(stored.get(i)));
        }
        return events;
    }

    public Mapper mapper() {
        return mapper;
    }

    public AggregateRecorder recorder() {
        return recorder;
    }

    private List<StoredEvent> toStored(List<DomainEvent> events) {
        List<StoredEvent> stored = new ArrayList<>(events.size());
        for (int i = 0, n = events.size(); i < n; i++) {
            stored.add(mapper.toStoredEvent(events.get(i)));
        }
        return stored;
    }
}
