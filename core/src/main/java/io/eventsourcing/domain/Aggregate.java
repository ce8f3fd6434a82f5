package io.eventsourcing.domain;

import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.domain.internal.AggregateType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Base class of event-sourced aggregates: commands {@link #trigger(Record) trigger} events (records) and the
 * aggregate's {@link Apply @Apply} methods apply them, when triggered and again when the aggregate is rebuilt
 * from stored events.
 *
 * <pre>{@code
 * public class Dog extends Aggregate {
 *     public record Registered(String name) {}
 *     public record TrickAdded(String trick) {}
 *
 *     private String name;
 *     private final List<String> tricks = new ArrayList<>();
 *
 *     public Dog(String name) { trigger(new Registered(name)); }   // the first event creates the aggregate
 *     private Dog() {}                                             // used when rebuilding from stored events
 *
 *     public void addTrick(String trick) { trigger(new TrickAdded(trick)); }
 *
 *     @Apply void on(Registered e) { name = e.name(); }
 *     @Apply void on(TrickAdded e) { tricks.add(e.trick()); }
 * }
 * }</pre>
 *
 * <p>A subclass needs a no-arg constructor of any visibility, used to rebuild it. Its id is a random UUID chosen
 * when the first event is triggered, unless the subclass passes one to {@link #Aggregate(UUID)}.
 *
 * <p>Not thread-safe: an aggregate instance belongs to the one thread that runs a command on it; concurrent
 * changes to the same aggregate meet in the event store, where the second save fails.
 */
public abstract class Aggregate {

    static {
        AggregateAccess.install(new AggregateAccess() {
            @Override
            public void apply(Aggregate aggregate, DomainEvent event) {
                aggregate.apply(event);
            }

            @Override
            public List<DomainEvent> pendingEvents(Aggregate aggregate) {
                return aggregate.pending == null ? List.of() : aggregate.pending;
            }

            @Override
            public void restore(Aggregate aggregate, UUID id, int version, Instant createdOn, Instant modifiedOn) {
                aggregate.id = id;
                aggregate.version = version;
                aggregate.createdOn = createdOn;
                aggregate.modifiedOn = modifiedOn;
            }

            @Override
            public Set<UUID> subjects(Aggregate aggregate) {
                return aggregate.subjects == null ? Set.of() : Set.copyOf(aggregate.subjects);
            }

            @Override
            public boolean holdsPersonalData(Aggregate aggregate) {
                return aggregate.subjects != null;
            }

            @Override
            public void addSubjects(Aggregate aggregate, Set<UUID> subjects) {
                for (UUID subject : subjects) {
                    aggregate.addSubject(subject);
                }
            }

            @Override
            public void clearPendingEvents(Aggregate aggregate, int count) {
                if (count > 0) {
                    aggregate.pending.subList(0, count).clear();
                }
            }
        });
    }

    private final AggregateType type = AggregateType.of(getClass());
    private UUID id;
    private int version;
    private Instant createdOn;
    private Instant modifiedOn;
    private ArrayList<DomainEvent> pending;
    /** The subjects whose personal data its events gave it, for its snapshots; {@code null} while none. */
    private Set<UUID> subjects;

    /** For aggregates whose id is a random UUID, chosen when the first event is triggered. */
    protected Aggregate() {
    }

    /**
     * For aggregates that choose their own id, for example one derived from a natural key.
     *
     * @param id the id of the aggregate; the first triggered event carries it
     */
    protected Aggregate(UUID id) {
        if (id == null) {
            throw new IllegalArgumentException("The id of a " + getClass().getName() + " must not be null");
        }
        this.id = id;
    }

    /**
     * Records that something happened: wraps the event record in a {@link DomainEvent}, applies it through the
     * matching {@link Apply @Apply} method and appends it to the pending events. If the method throws, the event
     * is not appended, the aggregate's version is unchanged and the exception reaches the caller.
     *
     * @param event the event record
     * @throws IllegalStateException if the aggregate class has no {@code @Apply} method for the event's class
     */
    protected final void trigger(Record event) {
        if (event == null) {
            throw new IllegalArgumentException("Cannot trigger a null event on " + getClass().getName() + " " + id);
        }
        UUID eventId = id != null ? id : UUID.randomUUID();
        int next = version + 1;
        DomainEvent domainEvent = new DomainEvent(eventId, next, Instant.now(),
                next == 1 ? type.topic() : null, event);
        apply(domainEvent);
        if (pending == null) {
            pending = new ArrayList<>();
        }
        pending.add(domainEvent);
    }

    /**
     * Returns the pending events (triggered since the aggregate was created, rebuilt or last saved) and forgets
     * them. {@code Application.save} does this for you.
     *
     * @return the pending events, oldest first
     */
    public final List<DomainEvent> collectEvents() {
        if (pending == null || pending.isEmpty()) {
            return List.of();
        }
        List<DomainEvent> events = List.copyOf(pending);
        pending.clear();
        return events;
    }

    /** @return the aggregate's id, or {@code null} before its first event */
    public final UUID id() {
        return id;
    }

    /** @return the number of events applied: the version of the last event, 0 before the first */
    public final int version() {
        return version;
    }

    /** @return the timestamp of the first event */
    public final Instant createdOn() {
        return createdOn;
    }

    /** @return the timestamp of the last event */
    public final Instant modifiedOn() {
        return modifiedOn;
    }

    private void apply(DomainEvent event) {
        if (event.originatorVersion() != version + 1) {
            throw new IllegalStateException("Cannot apply version %d of aggregate %s to %s at version %d"
                    .formatted(event.originatorVersion(), event.originatorId(), getClass().getName(), version));
        }
        if (id != null && !id.equals(event.originatorId())) {
            throw new IllegalStateException("Cannot apply an event of aggregate %s to aggregate %s"
                    .formatted(event.originatorId(), id));
        }
        // The handler runs first: if it throws, nothing below changes and the event is not kept.
        type.handle(this, event.payload());
        id = event.originatorId();
        version = event.originatorVersion();
        if (createdOn == null) {
            createdOn = event.timestamp();
        }
        modifiedOn = event.timestamp();
        UUID subject = type.subjectOf(event);
        if (subject != null) {
            addSubject(subject);
        }
    }

    private void addSubject(UUID subject) {
        if (subjects == null) {
            subjects = new HashSet<>(4);
        }
        subjects.add(subject);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + id + ", version=" + version + "]";
    }
}
