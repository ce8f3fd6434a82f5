package io.eventsourcing.system.internal;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.system.ProcessingException;

/** What a follower does with a notification its policy fails on ({@value Settings#ON_FAILURE}). */
public enum OnFailure {

    /** Stop there, and try again later. */
    STOP,
    /** Record a dead letter with the tracking that moves past it, and go on. */
    SKIP;

    /** The suffix of the tracking name under which dead letters processed again are tracked. */
    public static final String RETRIED = "#retried";

    /**
     * @throws ConfigurationException naming the key if the value is neither {@code stop} nor {@code skip}
     */
    public static OnFailure of(Settings settings) {
        String value = settings.get(Settings.ON_FAILURE, "stop").trim();
        return switch (value) {
            case "stop" -> STOP;
            case "skip" -> SKIP;
            default -> {
                String key = settings.keyOf(Settings.ON_FAILURE);
                throw new ConfigurationException(key, "Invalid value '%s' for %s: expected stop or skip"
                        .formatted(value, key));
            }
        };
    }

    /** @return the dead letter of a notification a policy failed on */
    public static DeadLetter deadLetter(String leaderName, Notification notification, ProcessingException failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return new DeadLetter(leaderName, notification.id(), notification.topic(), notification.originatorId(),
                notification.originatorVersion(), cause.toString());
    }
}
