package io.eventsourcing.bench.axon;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An Axon storage engine that keeps events in memory the way Axon's JDBC and JPA engines keep them in tables:
 * payload and metadata serialised to {@code byte[]} by the engine's serializer, read back through
 * {@link AbstractEventStorageEngine}'s upcasting and deserialisation. Axon's own {@code InMemoryEventStorageEngine}
 * keeps the message objects and serialises nothing, which is not what our in-memory recorder does (it stores JSON
 * bytes); this engine makes the in-memory comparison like for like. Benchmarks only: no tracking, no snapshots.
 *
 * <p>Thread-safe: appends are checked (sequence numbers must follow on) and made under one lock, as our
 * in-memory recorder does; serialisation happens before the lock.
 */
public final class SerializingInMemoryStorageEngine extends AbstractEventStorageEngine {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, List<DomainEventData<?>>> byAggregate = new HashMap<>();
    /** Every event in append order: the counterpart of our recorder's notification log. */
    private final List<DomainEventData<?>> log = new ArrayList<>();

    public SerializingInMemoryStorageEngine(Serializer serializer) {
        super(new Builder() {
        }.eventSerializer(serializer).snapshotSerializer(serializer));
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        List<DomainEventData<?>> entries = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            DomainEventMessage<?> e = (DomainEventMessage<?>) event;
            SerializedObject<byte[]> payload = e.serializePayload(serializer, byte[].class);
            SerializedObject<byte[]> metaData = e.serializeMetaData(serializer, byte[].class);
            entries.add(new GenericDomainEventEntry<>(e.getType(), e.getAggregateIdentifier(), e.getSequenceNumber(),
                    e.getIdentifier(), e.getTimestamp(), payload.getType().getName(),
                    payload.getType().getRevision(), payload.getData(), metaData.getData()));
        }
        lock.lock();
        try {
            Map<String, Integer> pending = new HashMap<>();
            for (DomainEventData<?> entry : entries) {
                List<DomainEventData<?>> stored = byAggregate.get(entry.getAggregateIdentifier());
                int next = (stored == null ? 0 : stored.size())
                        + pending.merge(entry.getAggregateIdentifier(), 1, Integer::sum) - 1;
                if (entry.getSequenceNumber() != next) {
                    throw new ConcurrencyException("Cannot append event " + entry.getSequenceNumber()
                            + " of aggregate " + entry.getAggregateIdentifier() + ": expected " + next);
                }
            }
            for (DomainEventData<?> entry : entries) {
                byAggregate.computeIfAbsent(entry.getAggregateIdentifier(), id -> new ArrayList<>()).add(entry);
                log.add(entry);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier,
                                                                 long firstSequenceNumber) {
        lock.lock();
        try {
            List<DomainEventData<?>> stored = byAggregate.get(aggregateIdentifier);
            if (stored == null || firstSequenceNumber >= stored.size()) {
                return Stream.empty();
            }
            return new ArrayList<>(stored.subList((int) Math.max(0, firstSequenceNumber), stored.size())).stream();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        throw new UnsupportedOperationException("The benchmark's engine keeps no snapshots");
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        throw new UnsupportedOperationException("The benchmark's engine does not stream to tracking processors");
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return Stream.empty();
    }
}
