package io.eventsourcing.samples.rest;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The list of dogs that {@code GET /dogs} shows: a read model that a projection keeps in a table of its own, following
 * the dog school's log. Each server sample brings its projection ({@link JpaDogList} on Quarkus and WildFly, plain
 * JDBC on Payara) as an {@code @EventSourced @Follows(DogSchool.class)} bean of this type. Thread-safe.
 */
public interface DogList {

    /** A dog as the list shows it. */
    record Entry(UUID id, String name, int trickCount) {
    }

    /** @return up to {@code limit} dogs from the {@code offset}-th on, sorted by name (then id) */
    List<Entry> dogs(int offset, int limit);

    /**
     * Waits until the list has processed the school's notifications up to that id (read-your-writes).
     *
     * @throws TimeoutException naming the projection and the position reached, if not within the timeout
     */
    void waitFor(String leaderName, long notificationId, Duration timeout) throws TimeoutException, InterruptedException;
}
