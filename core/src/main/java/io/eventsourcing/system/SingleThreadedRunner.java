package io.eventsourcing.system;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * Runs a system in the threads that call the applications: after a save, the followers process what it stored
 * before {@code save} returns (and their followers what they stored, breadth first), so that a command's effects
 * downstream are visible as soon as it returns. Suits tests and simple programs.
 *
 * <p>A policy that fails throws {@link ProcessingException} out of the leader's {@code save}, after the leader's
 * events were stored: the follower stays before that notification and processes it again at the next prompt.
 */
public final class SingleThreadedRunner extends Runner {

    private final ThreadLocal<ArrayDeque<Runnable>> prompts = new ThreadLocal<>();

    /** A runner of the system whose applications are configured from MicroProfile Config, or system properties. */
    public SingleThreadedRunner(EventDrivenSystem system) {
        this(system, Map.of());
    }

    /** @param settings the settings of every application (see {@link Runner}) */
    public SingleThreadedRunner(EventDrivenSystem system, Map<String, String> settings) {
        super(system, settings);
    }

    @Override
    protected void prompt(Follower follower, String leaderName) {
        Runnable pull = () -> follower.pullAndProcess(leaderName);
        ArrayDeque<Runnable> queue = prompts.get();
        if (queue != null) {
            queue.add(pull);        // a follower's save while this thread processes: after the current pull
            return;
        }
        queue = new ArrayDeque<>();
        queue.add(pull);
        prompts.set(queue);
        try {
            for (Runnable next; (next = queue.poll()) != null; ) {
                next.run();
            }
        } finally {
            prompts.remove();
        }
    }
}
