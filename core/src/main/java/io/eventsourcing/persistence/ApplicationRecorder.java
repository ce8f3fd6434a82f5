package io.eventsourcing.persistence;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * An aggregate recorder that also numbers every stored event in one sequence, the application's notification
 * log. Implementations are thread-safe.
 *
 * <p>Ordering guarantee: a reader that has seen notification id N never later finds a committed event with an id
 * at or below N. Events stored by one {@link #insertEvents} call get consecutive ids; where nothing rolls back
 * the ids are 1, 2, 3, ... Suite: {@code ApplicationRecorderConformance}.
 */
public interface ApplicationRecorder extends AggregateRecorder {

    /**
     * @param start  the first notification id to select
     * @param limit  at most this many notifications
     * @param stop   select ids up to and including this ({@code Long.MAX_VALUE} for no bound)
     * @param topics select only events with these topics (empty for all)
     * @return the selected notifications, in ascending id order
     */
    List<Notification> selectNotifications(long start, int limit, long stop, Set<String> topics);

    /** @return up to {@code limit} notifications from id {@code start} on, in ascending id order */
    default List<Notification> selectNotifications(long start, int limit) {
        return selectNotifications(start, limit, Long.MAX_VALUE, Set.of());
    }

    /** @return the highest notification id, 0 when nothing is stored */
    long maxNotificationId();

    /**
     * Calls the listener soon after new notifications may be readable in the log, whichever process stored them,
     * so that a follower need not wait for its next poll. The calls come from a thread of the recorder's, are
     * coalesced (one call may stand for many saves) and may be spurious; the listener must be quick and should
     * not throw (what it throws is logged). A recorder that cannot tell returns a subscription that never calls:
     * followers then find new notifications by polling, which stays the fallback in any case.
     *
     * @param listener what to call, on the recorder's thread
     * @return the subscription, to close when the listener is no longer wanted
     */
    default Subscription subscribe(Runnable listener) {
        return () -> { };
    }

    /**
     * Asks the database whether it answers, as a health check does: on the caller's thread, outside any transaction
     * of the caller's, and not waiting for rows still to be numbered. The default reads the highest notification id,
     * however long that takes; the database modules run a cheap query limited to the timeout instead, and report the
     * rows waiting for ids.
     *
     * @param timeout how long the database may take to answer
     * @return whether it answered, and the rows waiting for their ids; never throws
     */
    default RecorderStatus status(Duration timeout) {
        try {
            maxNotificationId();
            return RecorderStatus.up();
        } catch (RuntimeException e) {
            return RecorderStatus.down(String.valueOf(e.getMessage()));
        }
    }
}
