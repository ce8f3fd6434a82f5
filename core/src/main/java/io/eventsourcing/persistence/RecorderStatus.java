package io.eventsourcing.persistence;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an application recorder says about its database when asked ({@link ApplicationRecorder#status}): whether it
 * answered, and how many committed transactions have rows still waiting for their notification ids (a backend that
 * numbers rows after their commit, as PostgreSQL's does; zero where rows are numbered on insert). Immutable.
 *
 * @param available   whether the database answered a cheap query in time, and the recorder's own threads run
 * @param problem     why not, when not available
 * @param waiting     committed transactions with rows waiting for their notification ids
 * @param longestWait how long the oldest of them has waited, {@link Duration#ZERO} if none
 */
public record RecorderStatus(boolean available, Optional<String> problem, int waiting, Duration longestWait) {

    public RecorderStatus {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(longestWait, "longestWait");
        if (available == problem.isPresent()) {
            throw new IllegalArgumentException("A problem is given exactly when not available");
        }
    }

    /** @return the status of a database that answered, with no rows waiting for ids */
    public static RecorderStatus up() {
        return new RecorderStatus(true, Optional.empty(), 0, Duration.ZERO);
    }

    /** @return the status of a database that did not answer, for that reason */
    public static RecorderStatus down(String problem) {
        return new RecorderStatus(false, Optional.of(problem), 0, Duration.ZERO);
    }

    /** @return this status, with these rows waiting for their ids */
    public RecorderStatus withWaiting(int waiting, Duration longestWait) {
        return new RecorderStatus(available, problem, waiting, longestWait);
    }
}
