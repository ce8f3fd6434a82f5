package io.eventsourcing.persistence;

import java.sql.Connection;
import java.util.List;

/**
 * The store of a read model that follows applications' notification logs: it runs the model's changes and inserts
 * the {@link Tracking} records of the notifications they came from in one transaction, so that each notification
 * changes the model exactly once, and a follower resumes after the last one it tracked. Implementations are
 * thread-safe. Suite: {@code ProjectionConformance}.
 */
public interface ProjectionRecorder extends TrackingRecorder {

    /**
     * Inserts the tracking records, then runs the work, in one transaction: the caller's JTA transaction if one is
     * active (neither committed nor rolled back here, marked rollback-only if this throws), else one of its own,
     * committed before this returns.
     *
     * @param tracking the records to insert, at least one
     * @param work     the read model's changes, given the transaction's connection ({@code null} in memory)
     * @throws IntegrityException if a tracking record is already stored (another instance of the follower processed
     *                            from the same position first), before the work runs; nothing of this call is
     *                            stored
     * @throws RuntimeException   what the work threw (a checked exception wrapped); nothing of this call is
     *                            stored, when transactional
     */
    void process(List<Tracking> tracking, Work work);

    /**
     * Removes every tracking record and runs the work (which clears the read model), in one transaction as
     * {@link #process} does.
     */
    void reset(Work work);

    /**
     * Runs the work in a transaction as {@link #process} does, without tracking: creating the read model's tables,
     * or changing it outside the processing of notifications.
     */
    void run(Work work);

    /**
     * Runs a read of the read model on a connection of its store (the caller's JTA transaction's if one is active,
     * else in autocommit mode); in memory, with {@code null}, one at a time with the work of {@link #process}.
     *
     * @return what the query returned
     * @throws RuntimeException what the query threw (a checked exception wrapped)
     */
    <T> T query(Query<T> query);

    /**
     * @return whether a failing {@link #process} leaves nothing of what its work changed (a database transaction);
     *         in memory, the work's changes to a read model's fields stay, so a follower processes one
     *         notification per call
     */
    boolean transactional();

    /** A read of a read model. */
    @FunctionalInterface
    interface Query<T> {

        /** @param connection a connection of the read model's store, or {@code null} in memory */
        T run(Connection connection) throws Exception;
    }

    /** A read model's changes, in the transaction of a {@link #process} or {@link #reset}. */
    @FunctionalInterface
    interface Work {

        /** @param connection the transaction's JDBC connection, or {@code null} in memory */
        void run(Connection connection) throws Exception;
    }
}
