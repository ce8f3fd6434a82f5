package io.eventsourcing.persistence;

import java.util.Objects;
import java.util.UUID;

/**
 * A subject's data key as a {@link DataKeyRecorder} stores it: wrapped (encrypted) by the application's master key,
 * {@code eventsourcing.cipher.key}. The array is shared, not copied, as a {@link StoredEvent}'s state is: nobody
 * may modify it.
 *
 * @param subjectId the subject whose personal data the key encrypts
 * @param wrapped   the key, wrapped
 */
public record DataKey(UUID subjectId, byte[] wrapped) {

    public DataKey {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(wrapped, "wrapped");
    }
}
