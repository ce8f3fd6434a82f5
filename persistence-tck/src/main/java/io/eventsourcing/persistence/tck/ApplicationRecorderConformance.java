package io.eventsourcing.persistence.tck;

import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.RecorderStatus;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.eventsourcing.persistence.tck.Events.event;
import static io.eventsourcing.persistence.tck.Events.versions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link ApplicationRecorder}: the aggregate recorder's, plus the notification log and its ordering
 * guarantee under concurrent writers. Every backend's test extends this suite unchanged.
 */
public abstract class ApplicationRecorderConformance extends AggregateRecorderConformance {

    private static final int WRITERS = 10;
    private static final int SAVES_PER_WRITER = 100;
    private static final int EVENTS_PER_SAVE = 100;
    private static final int READERS = 2;
    /** Aggregates every writer appends to, two versions a save, between its saves of new aggregates. */
    private static final int SHARED = 5;

    @Override
    protected abstract ApplicationRecorder newRecorder();

    @Override
    protected ApplicationRecorder recorder() {
        return (ApplicationRecorder) super.recorder();
    }

    /**
     * How the concurrency tests' writers run each insert. A backend that joins JTA transactions overrides this to
     * run the insert in a transaction that stays open a while after it, as a caller's other work would.
     */
    protected void write(Runnable insert) {
        insert.run();
    }

    @Test
    void an_empty_log_has_max_id_zero_and_no_notifications() {
        assertThat(recorder().maxNotificationId()).isZero();
        assertThat(recorder().selectNotifications(1, 10)).isEmpty();
    }

    @Test
    void the_status_says_the_database_answers() {
        recorder().insertEvents(versions(UUID.randomUUID(), 1, 3));
        RecorderStatus status = recorder().status(Duration.ofSeconds(1));
        assertThat(status.available()).isTrue();
        assertThat(status.problem()).isEmpty();
    }

    @Test
    void events_are_numbered_from_one_in_the_order_they_were_inserted() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        recorder().insertEvents(versions(a, 1, 1));
        recorder().insertEvents(List.of(event(b, 1), event(a, 2), event(b, 2)));

        List<Notification> log = recorder().selectNotifications(1, 10);

        assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log).extracting(Notification::originatorId).containsExactly(a, b, a, b);
        assertThat(log).extracting(Notification::originatorVersion).containsExactly(1, 1, 2, 2);
        assertThat(log.get(1).storedEvent()).isEqualTo(event(b, 1));
        assertThat(recorder().maxNotificationId()).isEqualTo(4);
    }

    @Test
    void notifications_are_selected_from_start_up_to_limit_and_stop() {
        recorder().insertEvents(versions(UUID.randomUUID(), 1, 10));

        assertThat(ids(recorder().selectNotifications(1, 3))).containsExactly(1L, 2L, 3L);
        assertThat(ids(recorder().selectNotifications(4, 3))).containsExactly(4L, 5L, 6L);
        assertThat(ids(recorder().selectNotifications(9, 5))).containsExactly(9L, 10L);
        assertThat(ids(recorder().selectNotifications(11, 5))).isEmpty();
        assertThat(ids(recorder().selectNotifications(2, 10, 4, Set.of()))).containsExactly(2L, 3L, 4L);
        assertThat(ids(recorder().selectNotifications(3, 0))).isEmpty();
    }

    @Test
    void notifications_are_filtered_by_topic() {
        UUID id = UUID.randomUUID();
        recorder().insertEvents(List.of(event(id, 1, "tck.A"), event(id, 2, "tck.B"), event(id, 3, "tck.C"),
                event(id, 4, "tck.A")));

        assertThat(ids(recorder().selectNotifications(1, 10, Long.MAX_VALUE, Set.of("tck.A"))))
                .containsExactly(1L, 4L);
        assertThat(ids(recorder().selectNotifications(2, 10, Long.MAX_VALUE, Set.of("tck.A", "tck.C"))))
                .containsExactly(3L, 4L);
        assertThat(ids(recorder().selectNotifications(1, 1, Long.MAX_VALUE, Set.of("tck.C")))).containsExactly(3L);
        assertThat(ids(recorder().selectNotifications(1, 10, 3, Set.of("tck.A")))).containsExactly(1L);
    }

    @Test
    void a_conflicting_insert_adds_nothing_to_the_log() {
        UUID id = UUID.randomUUID();
        recorder().insertEvents(versions(id, 1, 2));
        List<StoredEvent> conflicting = List.of(event(UUID.randomUUID(), 1), event(id, 2));

        assertThatThrownBy(() -> recorder().insertEvents(conflicting)).isInstanceOf(IntegrityException.class);

        assertThat(recorder().maxNotificationId()).isEqualTo(2);
        assertThat(ids(recorder().selectNotifications(1, 10))).containsExactly(1L, 2L);
        recorder().insertEvents(versions(id, 3, 3));
        List<Notification> log = recorder().selectNotifications(1, 10);
        assertThat(log).hasSize(3);
        assertThat(log.get(2).originatorVersion()).isEqualTo(3);
        assertThat(log.get(2).id()).isGreaterThan(2);
    }

    @Test
    void tailing_readers_miss_nothing_and_see_every_aggregate_in_version_order_while_writers_insert_concurrently()
            throws Exception {
        int total = WRITERS * SAVES_PER_WRITER * (EVENTS_PER_SAVE + 2);
        List<UUID> shared = new ArrayList<>();
        for (int i = 0; i < SHARED; i++) {
            shared.add(UUID.randomUUID());
        }
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch writersDone = new CountDownLatch(WRITERS);
        List<Thread> threads = new ArrayList<>();
        List<List<Notification>> seen = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            List<Notification> read = new ArrayList<>(total);
            seen.add(read);
            threads.add(thread("reader-" + r, errors, () -> tail(read, total, writing)));
        }
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(thread("writer-" + w, errors, () -> {
                try {
                    for (int s = 0; s < SAVES_PER_WRITER && errors.isEmpty(); s++) {
                        List<StoredEvent> save = versions(UUID.randomUUID(), 1, EVENTS_PER_SAVE);
                        write(() -> recorder().insertEvents(save));
                        append(shared.get((writer + s) % SHARED));
                    }
                } finally {
                    writersDone.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);
        boolean finished = writersDone.await(10, TimeUnit.MINUTES);
        writing.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }

        assertThat(errors).isEmpty();
        assertThat(finished).as("writers finished within 10 minutes").isTrue();
        assertThat(recorder().maxNotificationId()).isEqualTo(total);
        for (List<Notification> read : seen) {
            assertThat(read).hasSize(total);
            assertInOrder(read, Set.copyOf(shared));
        }
    }

    @Test
    void the_ids_of_two_racing_inserts_do_not_interleave() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        CyclicBarrier start = new CyclicBarrier(2);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Thread first = thread("racer-a", errors, () -> {
            await(start);
            write(() -> recorder().insertEvents(versions(a, 1, 1000)));
        });
        Thread second = thread("racer-b", errors, () -> {
            await(start);
            write(() -> recorder().insertEvents(versions(b, 1, 1000)));
        });
        first.start();
        second.start();
        first.join(TimeUnit.MINUTES.toMillis(2));
        second.join(TimeUnit.MINUTES.toMillis(2));

        assertThat(errors).isEmpty();
        List<Notification> log = recorder().selectNotifications(1, 3000);
        assertThat(ids(log)).containsExactlyElementsOf(range(1, 2000));
        UUID firstWinner = log.get(0).originatorId();
        for (int i = 0; i < 2000; i++) {
            Notification n = log.get(i);
            assertThat(n.originatorId()).isEqualTo(i < 1000 ? firstWinner : (firstWinner.equals(a) ? b : a));
            assertThat(n.originatorVersion()).isEqualTo(i % 1000 + 1);
        }
    }

    /** Reads from where it got to, until it has read everything the writers will write. */
    private void tail(List<Notification> read, int total, AtomicBoolean writing) {
        long next = 1;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(12);
        while (read.size() < total && System.nanoTime() < deadline) {
            List<Notification> page = recorder().selectNotifications(next, 500);
            for (Notification n : page) {
                // Ids are dense where nothing rolls back: the next one read is always the next one written.
                assertThat(n.id()).as("id after %d", next - 1).isEqualTo(next);
                read.add(n);
                next++;
            }
            if (page.isEmpty()) {
                if (!writing.get() && recorder().maxNotificationId() < next) {
                    break;
                }
                sleepQuietly();
            }
        }
    }

    /** Appends the next two versions of the aggregate, as a save of what it read would: again on a conflict. */
    private void append(UUID id) {
        while (true) {
            List<StoredEvent> last = recorder().selectEvents(id, EventRange.ALL.descendingOrder().limit(1));
            int version = last.isEmpty() ? 0 : last.get(0).originatorVersion();
            try {
                write(() -> recorder().insertEvents(versions(id, version + 1, version + 2)));
                return;
            } catch (IntegrityException e) {
                // Another writer appended first: read again.
            }
        }
    }

    /**
     * Every aggregate's versions 1, 2, 3, ... in the order of the ids, and each save's events at consecutive ids:
     * a new aggregate's versions 1..n, a shared one's two versions.
     */
    private static void assertInOrder(List<Notification> read, Set<UUID> shared) {
        Map<UUID, Integer> versions = new HashMap<>();
        for (int i = 0; i < read.size(); i++) {
            Notification n = read.get(i);
            int expected = versions.merge(n.originatorId(), 1, Integer::sum);
            assertThat(n.originatorVersion()).as("version of %s at id %d", n.originatorId(), n.id())
                    .isEqualTo(expected);
            boolean saveGoesOn = shared.contains(n.originatorId()) ? expected % 2 == 1 : expected < EVENTS_PER_SAVE;
            if (saveGoesOn) {
                assertThat(read.get(i + 1).originatorId()).as("originator at id %d, in the save of id %d",
                        n.id() + 1, n.id()).isEqualTo(n.originatorId());
            }
        }
        for (UUID id : shared) {
            assertThat(versions.get(id)).as("versions of shared %s", id).isEven();
        }
    }

    private static Thread thread(String name, ConcurrentLinkedQueue<Throwable> errors, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Long> ids(List<Notification> notifications) {
        List<Long> ids = new ArrayList<>(notifications.size());
        for (Notification n : notifications) {
            ids.add(n.id());
        }
        return ids;
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
