package io.eventsourcing.cdi;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A projection whose health the tests watch: its policy fails on a dog named "Ghost", and waits on a dog named
 * "Sleepy" until {@link #wake} is counted down, so that it lags behind.
 */
@EventSourced
@Follows(DogSchool.class)
public class WatchedDogs extends Projection {

    /** What "Sleepy" waits for (at most a minute); a test replaces it before it registers "Sleepy". */
    static volatile CountDownLatch wake = new CountDownLatch(0);

    private final List<String> names = new CopyOnWriteArrayList<>();

    @Policy
    void on(Dog.Registered e, ProjectionContext context) throws InterruptedException {
        if (e.name().equals("Ghost")) {
            throw new IllegalStateException("no ghosts here");
        }
        if (e.name().equals("Sleepy")) {
            wake.await(1, TimeUnit.MINUTES);
        }
        names.add(e.name());
    }

    /** @return the names seen so far */
    public List<String> names() {
        return query(connection -> List.copyOf(names));
    }
}
