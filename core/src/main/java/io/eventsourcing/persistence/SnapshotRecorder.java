package io.eventsourcing.persistence;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A snapshot store that knows which snapshots hold personal data of which subjects
 * ({@link io.eventsourcing.domain.PersonalData}), so that forgetting a subject deletes them. Snapshots are the
 * store's events: one per aggregate version. Implementations are thread-safe. Suite: {@code SnapshotConformance}.
 */
public interface SnapshotRecorder extends AggregateRecorder {

    /**
     * Stores the snapshot, and that it holds personal data of the subjects, atomically (where the recorder joins the
     * caller's transaction, in it).
     *
     * @param subjects the subjects whose data keys sealed the snapshot; none for a snapshot without personal data
     * @throws IntegrityException naming the aggregate and version if a snapshot of that version is stored already;
     *                            nothing is stored then
     */
    void insertSnapshot(StoredEvent snapshot, Set<UUID> subjects);

    /**
     * Deletes every snapshot that holds personal data of one of the subjects, atomically (where the recorder joins
     * the caller's transaction, in it).
     *
     * @return how many snapshots it deleted
     */
    int deleteSnapshots(List<UUID> subjects);
}
