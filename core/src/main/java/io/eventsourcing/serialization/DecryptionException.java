package io.eventsourcing.serialization;

import io.eventsourcing.config.Settings;

import java.util.UUID;

/**
 * A stored state (an event's or a snapshot's) cannot be decrypted with the configured
 * {@value Settings#CIPHER_KEY}: its bytes were changed or cut short, or another key encrypted it. Nothing of it is
 * read; the message and the fields name the aggregate and version. An {@link IllegalStateException}, as other
 * states that cannot be read are.
 */
public class DecryptionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final UUID originatorId;
    private final int originatorVersion;

    public DecryptionException(UUID originatorId, int originatorVersion, String message, Throwable cause) {
        super(message, cause);
        this.originatorId = originatorId;
        this.originatorVersion = originatorVersion;
    }

    /** @return the id of the aggregate whose state could not be decrypted */
    public UUID originatorId() {
        return originatorId;
    }

    /** @return the version of that event, or of the aggregate in that snapshot */
    public int originatorVersion() {
        return originatorVersion;
    }
}
