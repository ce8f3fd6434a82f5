package io.eventsourcing.domain.internal;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Lets the library's other packages reach the parts of {@link Aggregate} that users must not call (replaying an
 * event, reading pending events without forgetting them). {@code Aggregate} installs the only instance when it is
 * initialised.
 */
public abstract class AggregateAccess {

    private static volatile AggregateAccess instance;

    public static void install(AggregateAccess access) {
        instance = access;
    }

    public static AggregateAccess get() {
        AggregateAccess access = instance;
        if (access == null) {
            initialise();
            access = instance;
        }
        return access;
    }

    private static void initialise() {
        try {
            Class.forName(Aggregate.class.getName(), true, Aggregate.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies a stored event, as when rebuilding. */
    public abstract void apply(Aggregate aggregate, DomainEvent event);

    /** The pending events, not copied and not forgotten. */
    public abstract List<DomainEvent> pendingEvents(Aggregate aggregate);

    /** Sets what a snapshot holds beside the fields: on a blank aggregate, before events after the snapshot. */
    public abstract void restore(Aggregate aggregate, UUID id, int version, Instant createdOn,
                                 Instant modifiedOn);

    /** @return the subjects whose personal data the aggregate's events gave it, empty if none */
    public abstract Set<UUID> subjects(Aggregate aggregate);

    /** @return whether the aggregate's events gave it personal data: {@link #subjects} is not empty */
    public abstract boolean holdsPersonalData(Aggregate aggregate);

    /** Adds to them the subjects a snapshot holds personal data of: when restoring it. */
    public abstract void addSubjects(Aggregate aggregate, Set<UUID> subjects);

    /** Forgets the first {@code count} pending events, once they are stored. */
    public abstract void clearPendingEvents(Aggregate aggregate, int count);
}
