package io.eventsourcing.persistence;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores and selects the events of aggregates. Implementations are thread-safe.
 *
 * <p>The conformance suite {@code AggregateRecorderConformance} in {@code eventsourcing-persistence-tck} states
 * this contract as tests; every implementation extends it.
 */
public interface AggregateRecorder {

    /**
     * Stores the events atomically: all of them or, if any (originator id, version) is already stored, none.
     *
     * @param events the events to store, of one or more aggregates
     * @throws IntegrityException naming the aggregate and version if one of them is already stored; nothing of
     *                            this call is stored
     */
    void insertEvents(List<StoredEvent> events);

    /**
     * @param originatorId the aggregate's id
     * @param range        which versions, in which order, how many
     * @return the selected events, in the order the range asks for; empty if there are none
     */
    List<StoredEvent> selectEvents(UUID originatorId, EventRange range);

    /** @return all events of the aggregate, oldest first */
    default List<StoredEvent> selectEvents(UUID originatorId) {
        return selectEvents(originatorId, EventRange.ALL);
    }

    /**
     * @param originatorIds aggregates' ids
     * @return the version of the last event stored of each of those aggregates that has events, by id; the
     *         database recorders ask in one statement (this default asks once per aggregate)
     */
    default Map<UUID, Integer> selectLastVersions(Collection<UUID> originatorIds) {
        Map<UUID, Integer> last = new HashMap<>();
        for (UUID id : originatorIds) {
            List<StoredEvent> events = selectEvents(id, EventRange.ALL.descendingOrder().limit(1));
            if (!events.isEmpty()) {
                last.put(id, events.get(0).originatorVersion());
            }
        }
        return last;
    }

    /**
     * Runs the action once what the calling thread has just inserted is committed: at once where an insert commits
     * before it returns (a transaction of its own; in memory, which joins no transaction, by default); where the
     * insert joined the caller's transaction (JTA), after that transaction commits, on the committing thread, and
     * never if it rolls back. An application runs its save listeners through this, after each save.
     *
     * @param action what to run; where it runs after a JTA commit, an exception it throws does not reach the saving
     *               code, whose transaction is over
     */
    default void afterCommit(Runnable action) {
        action.run();
    }
}
