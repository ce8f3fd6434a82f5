package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.Counters;
import io.eventsourcing.persistence.tck.Universe;
import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.MultiThreadedRunner;
import io.eventsourcing.system.Runner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The follower process of {@link PostgresPushIT}, run in a JVM of its own: a {@link MultiThreadedRunner} of
 * {@link Counters} following {@link Universe}, with the settings given as {@code key=value} arguments, until its
 * standard input ends; then it closes the runner and exits 0.
 */
public final class PushFollower {

    static final EventDrivenSystem SYSTEM = new EventDrivenSystem(List.of(List.of(Universe.class, Counters.class)));

    private PushFollower() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        try (Runner runner = new MultiThreadedRunner(SYSTEM, settings)) {
            runner.start();
            System.out.println("following");
            System.out.flush();
            while (System.in.read() != -1) {
                // until the test closes our standard input
            }
        }
        System.exit(0);
    }
}
