package io.eventsourcing.persistence;

import java.util.UUID;

/**
 * A save conflicted with what is stored: another save of the same aggregate version got there first (optimistic
 * concurrency), a notification was already tracked, or a subject's data key was already stored. Nothing of the
 * failed save was stored; get the aggregate again and retry the command.
 */
public class IntegrityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID originatorId;
    private final int originatorVersion;

    public IntegrityException(UUID originatorId, int originatorVersion, String message, Throwable cause) {
        super(message, cause);
        this.originatorId = originatorId;
        this.originatorVersion = originatorVersion;
    }

    public IntegrityException(String message, Throwable cause) {
        this(null, 0, message, cause);
    }

    /** Names the aggregate version that was already stored. */
    public static IntegrityException versionConflict(UUID originatorId, int originatorVersion, String topic,
                                                     Throwable cause) {
        return new IntegrityException(originatorId, originatorVersion,
                ("Cannot store %s version %d of aggregate %s: that version is already stored."
                        + " Get the aggregate again and retry.").formatted(topic, originatorVersion, originatorId),
                cause);
    }

    /** Names the notification that was already tracked. */
    public static IntegrityException trackingConflict(Tracking tracking, Throwable cause) {
        return new IntegrityException("Notification %d of application %s is already tracked as processed"
                .formatted(tracking.notificationId(), tracking.applicationName()), cause);
    }

    /** Names the subject whose data key another save stored first. */
    public static IntegrityException keyConflict(UUID subjectId, Throwable cause) {
        return new IntegrityException("Cannot store a data key for subject %s: another save stored one first. Retry."
                .formatted(subjectId), cause);
    }

    /** @return the id of the conflicting aggregate, or {@code null} if the conflict was not about an aggregate */
    public UUID originatorId() {
        return originatorId;
    }

    /** @return the conflicting version, or 0 if the conflict was not about an aggregate */
    public int originatorVersion() {
        return originatorVersion;
    }
}
