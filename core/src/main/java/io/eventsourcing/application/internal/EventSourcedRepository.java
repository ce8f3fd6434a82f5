package io.eventsourcing.application.internal;

import io.eventsourcing.application.AggregateNotFoundException;
import io.eventsourcing.application.AggregateVersionNotFoundException;
import io.eventsourcing.application.Repository;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.domain.internal.AggregateType;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.EventStore;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.serialization.UnknownTopicException;
import io.eventsourcing.serialization.internal.Topics;

import java.util.List;
import java.util.UUID;

/**
 * Rebuilds aggregates from the event store; the class comes from the topic on the aggregate's first event. With a
 * snapshot store, it starts from the latest snapshot at or below the version asked for, and applies the events
 * after it.
 */
public final class EventSourcedRepository implements Repository {

    private static final EventRange LATEST = EventRange.ALL.descendingOrder().limit(1);

    private final EventStore events;
    private final AggregateRecorder snapshots;
    private final String applicationName;
    private final Lifecycle lifecycle;
    /** Or {@code null}. */
    private final Telemetry telemetry;
    private final Topics topics = Topics.forCurrentThread();

    /**
     * @param snapshots the snapshot store, or {@code null} if the application takes no snapshots
     * @param telemetry the application's, or {@code null}
     */
    public EventSourcedRepository(EventStore events, AggregateRecorder snapshots, String applicationName,
                                  Lifecycle lifecycle, Telemetry telemetry) {
        this.events = events;
        this.snapshots = snapshots;
        this.applicationName = applicationName;
        this.lifecycle = lifecycle;
        this.telemetry = telemetry;
    }

    @Override
    public <A extends Aggregate> A get(UUID id) {
        lifecycle.checkOpen();
        if (telemetry == null) {
            return get(id, Integer.MAX_VALUE, false);
        }
        return telemetry.get(id).run(() -> get(id, Integer.MAX_VALUE, false));
    }

    @Override
    public <A extends Aggregate> A get(UUID id, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, was " + version + " for aggregate " + id);
        }
        lifecycle.checkOpen();
        if (telemetry == null) {
            return atVersion(id, version);
        }
        return telemetry.get(id).run(() -> atVersion(id, version));
    }

    private <A extends Aggregate> A atVersion(UUID id, int version) {
        A aggregate = get(id, version, true);
        if (aggregate.version() < version) {
            // Events of one aggregate have versions 1, 2, 3, ...: all up to the version asked for were read.
            throw new AggregateVersionNotFoundException(id, applicationName, version, aggregate.version());
        }
        return aggregate;
    }

    @SuppressWarnings("unchecked")
    private <A extends Aggregate> A get(UUID id, int version, boolean bounded) {
        if (snapshots != null) {
            List<StoredEvent> latest = snapshots.selectEvents(id, bounded ? LATEST.upTo(version) : LATEST);
            // A snapshot that holds personal data of a forgotten subject reads as none.
            Aggregate aggregate = latest.isEmpty() ? null : events.mapper().toAggregate(latest.get(0));
            if (aggregate != null) {
                List<DomainEvent> after = events.get(id, EventRange.ALL.after(aggregate.version()).upTo(version));
                AggregateAccess access = AggregateAccess.get();
                for (int i = 0, n = after.size(); i < n; i++) {
                    access.apply(aggregate, after.get(i));
                }
                return (A) aggregate;
            }
        }
        return rebuild(id, bounded ? events.get(id, EventRange.ALL.upTo(version)) : events.get(id));
    }

    @Override
    public boolean contains(UUID id) {
        lifecycle.checkOpen();
        return !events.recorder().selectEvents(id, EventRange.ALL.limit(1)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private <A extends Aggregate> A rebuild(UUID id, List<DomainEvent> stored) {
        if (stored.isEmpty()) {
            throw new AggregateNotFoundException(id, applicationName);
        }
        DomainEvent first = stored.get(0);
        String topic = first.originatorTopic();
        if (first.originatorVersion() != 1 || topic == null) {
            throw new IllegalStateException(("Cannot rebuild aggregate %s: its first stored event (version %d)"
                    + " does not name the aggregate class").formatted(id, first.originatorVersion()));
        }
        Class<?> type = topics.resolve(topic);
        if (type == null || !Aggregate.class.isAssignableFrom(type)) {
            throw new UnknownTopicException(topic, id, 1, null);
        }
        return (A) AggregateType.rebuild(type.asSubclass(Aggregate.class), stored);
    }
}
