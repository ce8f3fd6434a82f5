package io.eventsourcing.persistence.tck;

import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.MultiThreadedRunner;
import io.eventsourcing.system.Runner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The followers of {@link ExactlyOnceConformance}, run in a JVM of their own that the test kills: a
 * {@link MultiThreadedRunner} in which {@link Counters} (a process application) and {@link ThingCounts} (a
 * projection) follow {@link Universe}, each in its thread, as fast as they can, until standard input ends; then it
 * closes the runner and exits 0.
 *
 * <p>Arguments: the settings, as {@code key=value}.
 */
public final class ExactlyOnceFollowers {

    /** Universe, followed by Counters and by ThingCounts. */
    static final EventDrivenSystem SYSTEM = new EventDrivenSystem(List.of(
            List.of(Universe.class, Counters.class),
            List.of(Universe.class, ThingCounts.class)));

    private ExactlyOnceFollowers() {
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
