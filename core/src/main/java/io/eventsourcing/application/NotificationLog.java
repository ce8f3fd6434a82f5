package io.eventsourcing.application;

import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.Subscription;

import java.util.List;
import java.util.Set;

/**
 * Every event an application stored, in the order readers can rely on: a reader that has seen notification id N
 * never later finds an event with an id at or below N. Thread-safe.
 *
 * <pre>{@code
 * NotificationLog log = school.notificationLog();
 * List<Notification> first = log.select(1, 10);
 * NotificationLog.Section section = log.section("1,10");   // section.nextId() is "11,20" when it is full
 * }</pre>
 */
public interface NotificationLog {

    /** @return up to {@code limit} notifications from id {@code start} on, in ascending id order */
    List<Notification> select(long start, int limit);

    /**
     * @param start  the first id
     * @param limit  at most this many
     * @param stop   ids up to and including this ({@code Long.MAX_VALUE} for no bound)
     * @param topics only these topics (empty for all)
     * @return the selected notifications, in ascending id order
     */
    List<Notification> select(long start, int limit, long stop, Set<String> topics);

    /**
     * @param sectionId {@code "first,last"}, for example {@code "1,10"}; at most the log's section size is returned
     * @return the section
     * @throws IllegalArgumentException naming the id if it is not two positive numbers, the first not above the last
     */
    Section section(String sectionId);

    /** @return the highest notification id, 0 when the log is empty */
    long maxNotificationId();

    /**
     * Calls the listener soon after new notifications may be readable in this log: after each save of the
     * application in this process, once it has committed (on the committing thread), and when its recorder says
     * that another process stored some ({@link ApplicationRecorder#subscribe}: PostgreSQL's NOTIFY, on the
     * recorder's thread) — the prompts that wake followers. Calls may be spurious or stand for several saves; the
     * listener should only note that there is something to read (wake a reader thread), quickly, and not throw.
     *
     * <pre>{@code
     * try (Subscription woken = log.subscribe(reader::wake)) { ... }   // reader selects after its last id
     * }</pre>
     *
     * @param listener what to call
     * @return the subscription, to close when the listener is no longer wanted
     * @throws IllegalStateException naming the application if it is closed
     */
    Subscription subscribe(Runnable listener);

    /**
     * A page of the log.
     *
     * @param id         {@code "first,last"} of the items, or {@code null} if there are none
     * @param items      the notifications
     * @param previousId the id of the section before the requested one, or {@code null} at the start
     * @param nextId     the id of the section after this one if this one is full, else {@code null}
     */
    record Section(String id, List<Notification> items, String previousId, String nextId) {

        public Section {
            items = List.copyOf(items);
        }
    }
}
