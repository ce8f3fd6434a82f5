package io.eventsourcing.system;

import io.eventsourcing.system.internal.Prompts;

import java.util.Map;

/**
 * Runs a system with a thread per process application: a save prompts its followers, which process in their own
 * threads, so commands return at once and followers catch up shortly after. Prompts that arrive while a follower
 * is busy fold into one pull. A pull that fails (a policy throws, the database is away) is logged and tried again a
 * second later, from the first notification not processed. Each follower also looks for new notifications every
 * {@value io.eventsourcing.config.Settings#POLL_INTERVAL} milliseconds (events another process stored). The threads
 * are daemons, or the container's managed threads where it has them ({@link io.eventsourcing.container.Container}).
 */
public final class MultiThreadedRunner extends Runner {

    private final Prompts prompts = new Prompts();

    /** A runner of the system whose applications are configured from MicroProfile Config, or system properties. */
    public MultiThreadedRunner(EventDrivenSystem system) {
        this(system, Map.of());
    }

    /** @param settings the settings of every application (see {@link Runner}) */
    public MultiThreadedRunner(EventDrivenSystem system, Map<String, String> settings) {
        super(system, settings);
    }

    /**
     * Catches up, then also looks for new notifications every
     * {@link io.eventsourcing.config.Settings#POLL_INTERVAL} milliseconds.
     */
    @Override
    protected void follow(Follower follower, String leaderName) {
        prompts.follow(follower, leaderName);
    }

    @Override
    protected void prompt(Follower follower, String leaderName) {
        prompts.prompt(follower, leaderName);
    }

    /** Stops the followers' threads, letting a pull in progress finish, then closes the applications. */
    @Override
    public void close() {
        prompts.close();
        super.close();
    }
}
