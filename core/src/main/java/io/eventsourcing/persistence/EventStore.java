package io.eventsourcing.persistence;

import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.serialization.MappedEvents;
import io.eventsourcing.serialization.Mapper;

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
        MappedEvents mapped = mapper.toStoredEvents(events);
        if (mapped.newKeys().isEmpty()) {
            recorder.insertEvents(mapped.events());
        } else {
            dataKeyRecorder().insertEvents(mapped.events(), List.of(), mapped.newKeys(), List.of());
        }
        return mapped.events();
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
        MappedEvents mapped = mapper.toStoredEvents(events);
        if (mapped.newKeys().isEmpty()) {
            process.insertEvents(mapped.events(), tracking);
        } else {
            dataKeyRecorder().insertEvents(mapped.events(), tracking, mapped.newKeys(), List.of());
        }
        return mapped.events();
    }

    /**
     * Stores the events and deletes the data keys of the subjects, atomically: the events of their personal data
     * read as forgotten from then on (the mapper's cache of the keys is evicted).
     *
     * @return the events as stored, in order
     * @throws IllegalStateException naming the recorder if it keeps no data keys
     */
    public List<StoredEvent> forget(List<UUID> subjectIds, List<DomainEvent> events) {
        return forget(subjectIds, events, List.of());
    }

    /**
     * Stores the events and the tracking records, and deletes the data keys of the subjects, atomically: their
     * personal data reads as forgotten from then on, also in these events (no key is stored for them).
     *
     * @return the events as stored, in order
     * @throws IllegalStateException naming the recorder if it keeps no data keys
     * @throws IntegrityException    if an event or a tracking record is already stored; nothing is stored then
     */
    public List<StoredEvent> forget(List<UUID> subjectIds, List<DomainEvent> events, List<Tracking> tracking) {
        MappedEvents mapped = mapper.toStoredEvents(events);
        List<DataKey> newKeys = mapped.newKeys();
        if (!newKeys.isEmpty()) {
            newKeys = newKeys.stream().filter(key -> !subjectIds.contains(key.subjectId())).toList();
        }
        dataKeyRecorder().insertEvents(mapped.events(), tracking, newKeys, subjectIds);
        // Evicted again after a commit that comes later (JTA), in case a read cached a key before it.
        subjectIds.forEach(mapper::evictDataKey);
        recorder.afterCommit(() -> subjectIds.forEach(mapper::evictDataKey));
        return mapped.events();
    }

    private DataKeyRecorder dataKeyRecorder() {
        if (!(recorder instanceof DataKeyRecorder keys)) {
            throw new IllegalStateException("Cannot store or forget personal data with " + recorder.getClass().getName()
                    + ": it keeps no data keys (it is no DataKeyRecorder)");
        }
        return keys;
    }

    /** @return all events of the aggregate, oldest first; empty if there are none */
    public List<DomainEvent> get(UUID originatorId) {
        return get(originatorId, EventRange.ALL);
    }

    /** @return the events of the aggregate that the range selects */
    public List<DomainEvent> get(UUID originatorId, EventRange range) {
        return mapper.toDomainEvents(recorder.selectEvents(originatorId, range));
    }

    public Mapper mapper() {
        return mapper;
    }

    public AggregateRecorder recorder() {
        return recorder;
    }
}
