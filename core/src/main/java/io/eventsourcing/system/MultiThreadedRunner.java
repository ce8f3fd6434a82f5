package io.eventsourcing.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a system with a thread per process application: a save prompts its followers, which process in their own
 * threads, so commands return at once and followers catch up shortly after. Prompts that arrive while a follower
 * is busy fold into one pull. A pull that fails (a policy throws, the database is away) is logged and tried again a
 * second later, from the first notification not processed.
 */
public final class MultiThreadedRunner extends Runner {

    private static final System.Logger LOG = System.getLogger(MultiThreadedRunner.class.getName());
    private static final long RETRY_MILLIS = 1_000;

    private final Map<ProcessApplication, ScheduledExecutorService> threads = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> scheduled = new ConcurrentHashMap<>();

    /** A runner of the system whose applications are configured from MicroProfile Config, or system properties. */
    public MultiThreadedRunner(EventDrivenSystem system) {
        this(system, Map.of());
    }

    /** @param settings given to every application's constructor that takes settings */
    public MultiThreadedRunner(EventDrivenSystem system, Map<String, String> settings) {
        super(system, settings);
    }

    @Override
    protected void prompt(ProcessApplication follower, String leaderName) {
        schedule(follower, leaderName, 0);
    }

    private void schedule(ProcessApplication follower, String leaderName, long delayMillis) {
        ScheduledExecutorService thread = threads.computeIfAbsent(follower, f -> {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, "eventsourcing-follower " + f.name());
                t.setDaemon(true);
                return t;
            });
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);     // no retries after close
            return executor;
        });
        AtomicBoolean pending = scheduled.computeIfAbsent(follower.name() + "<-" + leaderName,
                key -> new AtomicBoolean());
        if (!pending.compareAndSet(false, true) || thread.isShutdown()) {
            return;             // a pull is queued already: it will see what this save stored
        }
        thread.schedule(() -> {
            pending.set(false);     // before reading: a save from now on queues another pull
            try {
                follower.pullAndProcess(leaderName);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; trying again in " + RETRY_MILLIS + " ms", e);
                schedule(follower, leaderName, RETRY_MILLIS);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the followers' threads, letting a pull in progress finish, then closes the applications. */
    @Override
    public void close() {
        threads.values().forEach(ScheduledExecutorService::shutdown);
        try {
            for (ScheduledExecutorService thread : threads.values()) {
                if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                    thread.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            threads.values().forEach(ScheduledExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
        super.close();
    }
}
