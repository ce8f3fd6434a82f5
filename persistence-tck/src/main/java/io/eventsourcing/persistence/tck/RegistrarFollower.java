package io.eventsourcing.persistence.tck;

import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.MultiThreadedRunner;
import io.eventsourcing.system.Runner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The follower of {@link ExactlyOnceConformance}'s forgetting test, run in a JVM of its own that the test kills: a
 * {@link MultiThreadedRunner} in which {@link Registrar} follows {@link Club} until standard input ends; then it closes
 * the runner and exits 0.
 *
 * <p>Arguments: the settings, as {@code key=value}.
 */
public final class RegistrarFollower {

    private RegistrarFollower() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Club.class, Registrar.class)));
        try (Runner runner = new MultiThreadedRunner(system, settings)) {
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
