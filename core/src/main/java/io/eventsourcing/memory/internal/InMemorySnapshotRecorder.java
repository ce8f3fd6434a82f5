package io.eventsourcing.memory.internal;

import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.persistence.StoredEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The snapshots of the {@code memory} persistence, and the subjects whose personal data each holds. Thread-safe. */
final class InMemorySnapshotRecorder implements SnapshotRecorder {

    /** The snapshots of each aggregate by version; everything under this object's lock. */
    private final Map<UUID, TreeMap<Integer, StoredEvent>> snapshots = new HashMap<>();
    private final Map<UUID, Set<Version>> bySubject = new HashMap<>();

    /** A snapshot's aggregate and version. */
    private record Version(UUID originatorId, int originatorVersion) {
    }

    @Override
    public synchronized void insertEvents(List<StoredEvent> events) {
        Set<Version> inserting = new HashSet<>();
        for (StoredEvent event : events) {
            TreeMap<Integer, StoredEvent> versions = snapshots.get(event.originatorId());
            if (versions != null && versions.containsKey(event.originatorVersion())
                    || !inserting.add(new Version(event.originatorId(), event.originatorVersion()))) {
                throw IntegrityException.versionConflict(event.originatorId(), event.originatorVersion(),
                        event.topic(), null);
            }
        }
        for (StoredEvent event : events) {
            snapshots.computeIfAbsent(event.originatorId(), id -> new TreeMap<>())
                    .put(event.originatorVersion(), event);
        }
    }

    @Override
    public synchronized void insertSnapshot(StoredEvent snapshot, Set<UUID> subjects) {
        insertEvents(List.of(snapshot));
        for (UUID subject : subjects) {
            bySubject.computeIfAbsent(subject, s -> new HashSet<>())
                    .add(new Version(snapshot.originatorId(), snapshot.originatorVersion()));
        }
    }

    @Override
    public synchronized int deleteSnapshots(List<UUID> subjects) {
        int deleted = 0;
        for (UUID subject : subjects) {
            for (Version version : bySubject.getOrDefault(subject, Set.of())) {
                TreeMap<Integer, StoredEvent> versions = snapshots.get(version.originatorId());
                if (versions != null && versions.remove(version.originatorVersion()) != null) {
                    deleted++;
                }
            }
            bySubject.remove(subject);
        }
        return deleted;
    }

    @Override
    public synchronized List<StoredEvent> selectEvents(UUID originatorId, EventRange range) {
        TreeMap<Integer, StoredEvent> versions = snapshots.get(originatorId);
        if (versions == null || range.after() >= range.upTo()) {
            return List.of();
        }
        NavigableMap<Integer, StoredEvent> selected = versions.subMap(range.after(), false, range.upTo(), true);
        List<StoredEvent> events = new ArrayList<>();
        for (StoredEvent event : range.descending() ? selected.descendingMap().values() : selected.values()) {
            if (events.size() == range.limit()) {
                break;
            }
            events.add(event);
        }
        return events;
    }
}
