package io.eventsourcing.system;

/**
 * A policy failed on a notification: nothing of its processing was stored and the follower stays at the
 * notification before it, to process it again when next prompted. The message names the follower, the
 * application followed, the notification id and the event's topic and aggregate.
 */
public class ProcessingException extends RuntimeException {

    private final String follower;
    private final String leader;
    private final long notificationId;

    public ProcessingException(String follower, String leader, long notificationId, String message, Throwable cause) {
        super(message, cause);
        this.follower = follower;
        this.leader = leader;
        this.notificationId = notificationId;
    }

    /** @return the name of the process application whose policy failed */
    public String follower() {
        return follower;
    }

    /** @return the name of the application whose notification it processed */
    public String leader() {
        return leader;
    }

    /** @return the id of that notification */
    public long notificationId() {
        return notificationId;
    }
}
