package io.eventsourcing.memory.internal;

import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.ProjectionRecorder;
import io.eventsourcing.persistence.Tracking;

import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A read model's tracking records in memory. The work runs under the recorder's lock, one call at a time, so a
 * projection's fields are changed by one handler at a time; what a failing work changed stays (nothing to roll
 * back), and its tracking is not inserted. The tracking is read without the lock, as a database's committed
 * tracking is: a health check asks for the position while a slow batch runs. Thread-safe.
 */
final class InMemoryProjectionRecorder implements ProjectionRecorder {

    /** Written under the lock, read without it. */
    private final Map<String, NavigableSet<Long>> tracked = new ConcurrentHashMap<>();
    private final DeadLetters deadLetters = new DeadLetters();

    @Override
    public synchronized void process(List<Tracking> tracking, Work work) {
        checkTracking(tracking);
        perform(work);
        track(tracking);
    }

    @Override
    public synchronized void insertDeadLetter(List<Tracking> tracking, DeadLetter letter) {
        checkTracking(tracking);
        deadLetters.add(letter);
        track(tracking);
    }

    @Override
    public synchronized List<DeadLetter> selectDeadLetters(String applicationName) {
        return deadLetters.of(applicationName);
    }

    @Override
    public synchronized void deleteDeadLetter(String applicationName, long notificationId) {
        deadLetters.remove(applicationName, notificationId);
    }

    private void checkTracking(List<Tracking> tracking) {
        if (tracking.isEmpty()) {
            throw new IllegalArgumentException("No tracking record to insert");
        }
        for (Tracking t : tracking) {
            NavigableSet<Long> ids = tracked.get(t.applicationName());
            if (ids != null && ids.contains(t.notificationId())) {
                throw IntegrityException.trackingConflict(t, null);
            }
        }
    }

    private void track(List<Tracking> tracking) {
        for (Tracking t : tracking) {
            tracked.computeIfAbsent(t.applicationName(), k -> new ConcurrentSkipListSet<>()).add(t.notificationId());
        }
    }

    @Override
    public synchronized void reset(Work work) {
        perform(work);
        tracked.clear();
    }

    @Override
    public synchronized void run(Work work) {
        perform(work);
    }

    @Override
    public synchronized <T> T query(Query<T> query) {
        try {
            return query.run(null);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public long maxTrackingId(String applicationName) {
        NavigableSet<Long> ids = tracked.get(Objects.requireNonNull(applicationName, "applicationName"));
        return ids == null || ids.isEmpty() ? 0 : ids.last();       // a set only grows (a reset drops it whole)
    }

    @Override
    public boolean hasTracking(String applicationName, long notificationId) {
        NavigableSet<Long> ids = tracked.get(Objects.requireNonNull(applicationName, "applicationName"));
        return ids != null && ids.contains(notificationId);
    }

    private static void perform(Work work) {
        try {
            work.run(null);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
