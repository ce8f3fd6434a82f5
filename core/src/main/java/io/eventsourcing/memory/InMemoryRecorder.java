package io.eventsourcing.memory;

import io.eventsourcing.memory.internal.DeadLetters;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps events in memory: the default recorder, for development and tests. Thread-safe.
 *
 * <p>Writers are serialised by one lock, held only while a save is checked and appended; readers take no lock.
 * Each save is published whole, after its notification ids are assigned, so readers never see ids out of order or
 * holes that fill later: the same guarantee the database recorders give. It joins no transaction: a save is
 * stored when {@code insertEvents} returns, and {@link #afterCommit} runs its action at once. It keeps the data keys
 * of subjects of personal data, changed under the same lock as the events.
 */
public final class InMemoryRecorder implements ProcessRecorder, DataKeyRecorder {

    private final ReentrantLock writeLock = new ReentrantLock();
    private final DeadLetters deadLetters = new DeadLetters();
    private final ConcurrentHashMap<UUID, Versions> aggregates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Tracked> tracking = new ConcurrentHashMap<>();
    private final AppendOnly<Notification> log = new AppendOnly<>(new Notification[1024]);
    /** The wrapped data keys by subject; written under the lock. */
    private final ConcurrentHashMap<UUID, byte[]> dataKeys = new ConcurrentHashMap<>();
    /** Their subjects in order, for {@link #selectDataKeys}: sorted on its first call since a key was added. */
    private volatile UUID[] subjects;

    @Override
    public void insertEvents(List<StoredEvent> events) {
        writeLock.lock();
        try {
            append(events, check(events));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void insertEvents(List<StoredEvent> events, List<Tracking> tracking) {
        writeLock.lock();
        try {
            checkTracking(tracking);
            append(events, check(events));
            track(tracking);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<byte[]> selectDataKey(UUID subjectId) {
        return Optional.ofNullable(dataKeys.get(subjectId));
    }

    @Override
    public List<DataKey> selectDataKeys(UUID after, int limit) {
        UUID[] ordered = subjects;
        if (ordered == null) {
            writeLock.lock();           // so that no key added meanwhile is left out of the order kept
            try {
                ordered = dataKeys.keySet().toArray(new UUID[0]);
                Arrays.sort(ordered);
                subjects = ordered;
            } finally {
                writeLock.unlock();
            }
        }
        int from = after == null ? 0 : Arrays.binarySearch(ordered, after);
        from = from < 0 ? -from - 1 : after == null ? 0 : from + 1;
        List<DataKey> keys = new ArrayList<>();
        for (int i = from; i < ordered.length && keys.size() < limit; i++) {
            byte[] wrapped = dataKeys.get(ordered[i]);
            if (wrapped != null) {          // else deleted since
                keys.add(new DataKey(ordered[i], wrapped));
            }
        }
        return keys;
    }

    @Override
    public int rewrapDataKeys(List<Rewrapped> keys) {
        writeLock.lock();
        try {
            int replaced = 0;
            for (Rewrapped key : keys) {
                if (Arrays.equals(dataKeys.get(key.subjectId()), key.stored())) {
                    dataKeys.put(key.subjectId(), key.rewrapped());
                    replaced++;
                }
            }
            return replaced;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void insertEvents(List<StoredEvent> events, List<Tracking> tracking, List<DataKey> newKeys,
                             List<UUID> forgotten) {
        writeLock.lock();
        try {
            if (!tracking.isEmpty()) {
                checkTracking(tracking);
            }
            Versions[] found = check(events);
            for (DataKey key : newKeys) {
                if (dataKeys.containsKey(key.subjectId()) && !forgotten.contains(key.subjectId())) {
                    throw IntegrityException.keyConflict(key.subjectId(), null);
                }
            }
            forgotten.forEach(dataKeys::remove);
            for (DataKey key : newKeys) {
                dataKeys.put(key.subjectId(), key.wrapped());
            }
            if (!newKeys.isEmpty()) {
                subjects = null;
            }
            append(events, found);
            track(tracking);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void insertDeadLetter(List<Tracking> tracking, DeadLetter letter) {
        writeLock.lock();
        try {
            checkTracking(tracking);
            deadLetters.add(letter);
            track(tracking);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<DeadLetter> selectDeadLetters(String applicationName) {
        writeLock.lock();
        try {
            return deadLetters.of(applicationName);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void deleteDeadLetter(String applicationName, long notificationId) {
        writeLock.lock();
        try {
            deadLetters.remove(applicationName, notificationId);
        } finally {
            writeLock.unlock();
        }
    }

    /** Under the write lock. */
    private void checkTracking(List<Tracking> tracking) {
        if (tracking.isEmpty()) {
            throw new IllegalArgumentException("No tracking record to insert");
        }
        for (Tracking t : tracking) {
            Tracked tracked = this.tracking.get(t.applicationName());
            if (tracked != null && tracked.ids.contains(t.notificationId())) {
                throw IntegrityException.trackingConflict(t, null);
            }
        }
    }

    /** Under the write lock. */
    private void track(List<Tracking> tracking) {
        for (Tracking t : tracking) {
            Tracked tracked = this.tracking.computeIfAbsent(t.applicationName(), k -> new Tracked());
            tracked.ids.add(t.notificationId());
            tracked.max = Math.max(tracked.max, t.notificationId());
        }
    }

    @Override
    public List<StoredEvent> selectEvents(UUID originatorId, EventRange range) {
        Versions versions = aggregates.get(originatorId);
        return versions == null ? List.of() : versions.select(range);
    }

    @Override
    public List<Notification> selectNotifications(long start, int limit, long stop, Set<String> topics) {
        int size = log.size();
        Notification[] items = log.items();
        long last = Math.min(size, stop);
        List<Notification> selected = new ArrayList<>(Math.max(0, (int) Math.min(limit, last - start + 1)));
        // Notification ids are 1..size, so id n is at index n - 1.
        for (long id = Math.max(start, 1); id <= last && selected.size() < limit; id++) {
            Notification n = items[(int) (id - 1)];
            if (topics.isEmpty() || topics.contains(n.topic())) {
                selected.add(n);
            }
        }
        return selected;
    }

    @Override
    public long maxNotificationId() {
        return log.size();
    }

    @Override
    public long maxTrackingId(String applicationName) {
        Tracked tracked = tracking.get(applicationName);
        return tracked == null ? 0 : tracked.max;
    }

    @Override
    public boolean hasTracking(String applicationName, long notificationId) {
        Tracked tracked = tracking.get(applicationName);
        return tracked != null && tracked.ids.contains(notificationId);
    }

    /**
     * Throws if any event's version is stored already, or appears twice in this save.
     *
     * @return each event's aggregate's stored versions, {@code null} where the aggregate is new
     */
    private Versions[] check(List<StoredEvent> events) {
        int n = events.size();
        Versions[] found = new Versions[n];
        Map<UUID, List<Integer>> inThisSave = n > 1 ? new HashMap<>() : null;
        for (int i = 0; i < n; i++) {
            StoredEvent event = events.get(i);
            // Events of one aggregate usually come together: look each aggregate up once.
            Versions versions = i > 0 && events.get(i - 1).originatorId().equals(event.originatorId())
                    ? found[i - 1] : aggregates.get(event.originatorId());
            found[i] = versions;
            boolean duplicate = versions != null && versions.contains(event.originatorVersion());
            if (!duplicate && inThisSave != null) {
                List<Integer> seen = inThisSave.computeIfAbsent(event.originatorId(), id -> new ArrayList<>(4));
                duplicate = seen.contains(event.originatorVersion());
                seen.add(event.originatorVersion());
            }
            if (duplicate) {
                throw IntegrityException.versionConflict(event.originatorId(), event.originatorVersion(),
                        event.topic(), null);
            }
        }
        return found;
    }

    private void append(List<StoredEvent> events, Versions[] found) {
        long id = log.size();
        Versions versions = null;
        for (int i = 0, n = events.size(); i < n; i++) {
            StoredEvent event = events.get(i);
            if (found[i] != null) {
                versions = found[i];
            } else if (versions == null || !events.get(i - 1).originatorId().equals(event.originatorId())) {
                versions = aggregates.computeIfAbsent(event.originatorId(), key -> new Versions());
            }
            versions.add(event);
            id++;
            log.stage(new Notification(id, event.originatorId(), event.originatorVersion(), event.topic(),
                    event.state()));
        }
        log.publish();
    }

    /** What one upstream application's notifications are tracked as processed; written under the write lock. */
    private static final class Tracked {
        final Set<Long> ids = ConcurrentHashMap.newKeySet();
        volatile long max;
    }

    /**
     * An array that one writer (holding the write lock) appends to and any number of readers read without a lock.
     * Staged items become visible to readers together, when {@link #publish()} writes the volatile size.
     */
    private static final class AppendOnly<T> {
        private volatile T[] items;
        private volatile int size;
        private int staged;

        AppendOnly(T[] initial) {
            this.items = initial;
        }

        /** Readers read the size first: the array they read after it holds at least that many items. */
        int size() {
            return size;
        }

        T[] items() {
            return items;
        }

        void stage(T item) {
            T[] a = items;
            int index = size + staged;
            if (index == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
                items = a;
            }
            a[index] = item;
            staged++;
        }

        void publish() {
            size += staged;
            staged = 0;
        }
    }

    /**
     * One aggregate's stored events in ascending version order. The array and its length are published together
     * as one immutable pair, so a reader never sees a version missing while another is added.
     */
    private static final class Versions {
        private record State(StoredEvent[] events, int size) {
        }

        private volatile State state = new State(new StoredEvent[4], 0);

        boolean contains(int version) {
            State s = state;
            return indexOf(s.events, s.size, version) >= 0;
        }

        /** Under the write lock. Appends in place when the version is the newest, else copies (rare). */
        void add(StoredEvent event) {
            State s = state;
            StoredEvent[] a = s.events;
            int n = s.size;
            int version = event.originatorVersion();
            if (n == 0 || a[n - 1].originatorVersion() < version) {
                if (n == a.length) {
                    a = Arrays.copyOf(a, n * 2);
                }
                a[n] = event;
            } else {
                int at = -indexOf(a, n, version) - 1;
                StoredEvent[] copy = new StoredEvent[n + 1 + (n >> 1)];
                System.arraycopy(a, 0, copy, 0, at);
                copy[at] = event;
                System.arraycopy(a, at, copy, at + 1, n - at);
                a = copy;
            }
            state = new State(a, n + 1);
        }

        List<StoredEvent> select(EventRange range) {
            State s = state;
            int n = s.size;
            StoredEvent[] a = s.events;
            // First index with version > after, and last index with version <= upTo.
            int from = insertionPoint(a, n, range.after() + 1);
            int to = range.upTo() == Integer.MAX_VALUE ? n : insertionPoint(a, n, range.upTo() + 1);
            int count = Math.min(Math.max(0, to - from), range.limit());
            List<StoredEvent> selected = new ArrayList<>(count);
            if (range.descending()) {
                for (int i = to - 1; i >= to - count; i--) {
                    selected.add(a[i]);
                }
            } else {
                for (int i = from; i < from + count; i++) {
                    selected.add(a[i]);
                }
            }
            return selected;
        }

        /** @return the index of the version, or (-(insertion point) - 1) */
        private static int indexOf(StoredEvent[] a, int n, int version) {
            int low = 0;
            int high = n - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int v = a[mid].originatorVersion();
                if (v < version) {
                    low = mid + 1;
                } else if (v > version) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(low + 1);
        }

        /** @return the index of the first event whose version is at least {@code version} */
        private static int insertionPoint(StoredEvent[] a, int n, int version) {
            int i = indexOf(a, n, version);
            return i >= 0 ? i : -i - 1;
        }
    }
}
