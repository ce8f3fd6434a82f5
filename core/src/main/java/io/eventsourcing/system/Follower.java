package io.eventsourcing.system;

import io.eventsourcing.application.Application;
import io.eventsourcing.persistence.DeadLetter;

import java.util.List;
import java.util.Optional;

/**
 * What follows applications' notification logs and processes each notification once: a {@link ProcessApplication}
 * (which stores events) or a {@link Projection} (which writes a view). Runners and the container run followers
 * through this; implementations are thread-safe.
 */
public interface Follower {

    /** @return the follower's name: its class's simple name, under which its tracking is kept */
    String name();

    /** Follows the application's log, from the notification after the last one this follower tracked of it. */
    void follow(Application leader);

    /**
     * Processes, in order, what the followed application of that name stored that this follower has not processed.
     *
     * @return how many notifications were processed
     * @throws ProcessingException naming the notification if a policy failed
     */
    int pullAndProcess(String leaderName);

    /** @return the highest notification id of the application of that name that this follower has processed */
    long position(String leaderName);

    /** @return milliseconds between looks for new notifications, 0 for never */
    int pollInterval();

    /**
     * @return why processing the application of that name stopped: the failure of the last pull of it, if it failed
     *         on a notification and no pull of it has succeeded since
     */
    Optional<ProcessingException> failure(String leaderName);

    /**
     * @return the notifications of the application of that name that this follower skipped
     *         ({@code eventsourcing.on-failure=skip}), by id
     */
    List<DeadLetter> deadLetters(String leaderName);

    /**
     * Processes the dead letters of the application of that name again, each once (tracked apart from the log's
     * position), removing those processed; those that fail again stay.
     *
     * @return how many were processed
     */
    int retryDeadLetters(String leaderName);
}
