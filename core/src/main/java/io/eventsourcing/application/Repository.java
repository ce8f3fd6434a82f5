package io.eventsourcing.application;

import io.eventsourcing.domain.Aggregate;

import java.util.UUID;

/**
 * Gets aggregates of one application by rebuilding them from their stored events. Thread-safe; each call returns a
 * new instance that belongs to the caller.
 *
 * <pre>{@code
 * Dog dog = school.repository().get(dogId);
 * Dog puppy = school.repository().get(dogId, 1);   // as it was at version 1
 * }</pre>
 */
public interface Repository {

    /**
     * @param id  the aggregate's id
     * @param <A> the aggregate's class, as the caller expects it
     * @return the aggregate at its current version
     * @throws AggregateNotFoundException naming the id if no event of it is stored
     */
    <A extends Aggregate> A get(UUID id);

    /**
     * @param id      the aggregate's id
     * @param version the version to rebuild, from 1
     * @param <A>     the aggregate's class, as the caller expects it
     * @return the aggregate as it was at that version
     * @throws AggregateNotFoundException        naming the id if no event of it is stored
     * @throws AggregateVersionNotFoundException naming the id, the version and the last version if the last version
     *                                           is lower (the Python library returns the last version then)
     */
    <A extends Aggregate> A get(UUID id, int version);

    /** @return whether any event of the aggregate is stored */
    boolean contains(UUID id);
}
