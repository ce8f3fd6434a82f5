package io.eventsourcing.bench.postgres;

import java.util.List;
import java.util.UUID;

/**
 * One strategy's reads of the Dogs it stored when it was opened, shared by the reader threads (so thread-safe): the
 * sibling of {@link Writer} for the read scenarios.
 */
interface Reader extends AutoCloseable {

    /** Dogs stored per transaction when a reader is opened. */
    int FILL_BATCH = 100;

    /** @return the ids of the Dogs stored when opened */
    List<UUID> ids();

    /** Loads a Dog with its events decoded; @return how many events it was rebuilt from */
    int get(UUID id) throws Exception;

    /**
     * Reads the stored events from notification (or global index) {@code start} on, in order, as stored (not
     * decoded).
     *
     * @return how many were read: {@code limit}, fewer at the end of the log
     */
    int page(long start, int limit) throws Exception;

    @Override
    void close() throws Exception;

    /** A strategy: opens a reader over fresh tables in the schema, filled before it returns. */
    interface Variant {
        String name();

        /**
         * Stores {@code aggregates} new Dogs of {@code events} events each (registered, then tricks),
         * {@link #FILL_BATCH} per transaction, so that the log holds them as notifications (or global indexes) 1
         * to {@code aggregates * events}.
         *
         * @param poolSize most connections it may use (one per reader thread)
         */
        Reader open(Server server, String schema, int poolSize, int aggregates, int events) throws Exception;
    }
}
