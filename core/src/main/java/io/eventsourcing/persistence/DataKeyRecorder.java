package io.eventsourcing.persistence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A recorder that also keeps the data keys of the subjects of personal data
 * ({@link io.eventsourcing.domain.PersonalData}), wrapped, one per subject, beside the events they encrypt: a key is
 * stored with the first events that need it, in their transaction, and deleted when its subject is forgotten.
 * Implementations are thread-safe. Suite: {@code DataKeyRecorderConformance}.
 */
public interface DataKeyRecorder {

    /** @return the subject's wrapped data key, or empty if it has none (never had one, or was forgotten) */
    Optional<byte[]> selectDataKey(UUID subjectId);

    /**
     * @param after the last subject of the previous page, or {@code null} for the first page
     * @param limit how many keys at most
     * @return the data keys stored, in the order of their subjects that the store keeps, after that subject
     */
    List<DataKey> selectDataKeys(UUID after, int limit);

    /**
     * Replaces data keys wrapped anew, atomically: each only where its subject's key is still the one that was
     * wrapped anew (a key deleted or replaced meanwhile stays as it is now). Where the recorder joins the caller's
     * transaction, in it.
     *
     * @return how many keys were replaced
     */
    int rewrapDataKeys(List<Rewrapped> keys);

    /**
     * Stores atomically, all or nothing: deletes the data keys of the forgotten subjects, inserts the new data keys,
     * then stores the events and the tracking records (where the recorder joins the caller's transaction, in it).
     *
     * @param events    the events to store, possibly none
     * @param tracking  tracking records to store with them (a {@link ProcessRecorder}'s), possibly none
     * @param newKeys   data keys of subjects that have none yet
     * @param forgotten subjects whose data keys to delete; deleting a key that is not stored is no error
     * @throws IntegrityException naming the subject if one of the new keys' subjects has a key already (another save
     *                            created it first: retry), or the aggregate version or notification if an event or a
     *                            tracking record is stored already; nothing of this call is stored then
     */
    void insertEvents(List<StoredEvent> events, List<Tracking> tracking, List<DataKey> newKeys, List<UUID> forgotten);

    /**
     * A subject's data key wrapped anew by the current master key. The arrays are shared, not copied.
     *
     * @param subjectId the subject
     * @param stored    the wrapped key as selected
     * @param rewrapped the same key wrapped anew, to replace it
     */
    record Rewrapped(UUID subjectId, byte[] stored, byte[] rewrapped) {

        public Rewrapped {
            Objects.requireNonNull(subjectId, "subjectId");
            Objects.requireNonNull(stored, "stored");
            Objects.requireNonNull(rewrapped, "rewrapped");
        }
    }
}
