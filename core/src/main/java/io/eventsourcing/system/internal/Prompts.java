package io.eventsourcing.system.internal;

import io.eventsourcing.container.Container;
import io.eventsourcing.system.Follower;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs followers' pulls in a thread per follower: a prompt schedules a pull of the followed application, prompts
 * that arrive while one is queued fold into it, and a pull that fails (a policy throws, the database is away) is
 * logged and tried again from the first notification not processed, a second later, then after twice as long each
 * time it fails again, up to a minute ({@link Follower#failure} says why meanwhile); a pull that succeeds starts
 * the wait at a second again. Besides, each follower looks
 * for new notifications every {@linkplain Follower#pollInterval() poll interval}. Thread-safe.
 */
public final class Prompts implements Following.Prompter, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Prompts.class.getName());
    private static final long RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 60_000;

    private final long retryMillis;
    private final long maxRetryMillis;

    private final ThreadFactory threadFactory;
    private final Map<Follower, ScheduledThreadPoolExecutor> threads = new ConcurrentHashMap<>();
    /** The thread each follower's executor made last, by follower name. */
    private final Map<String, Thread> workers = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> queued = new ConcurrentHashMap<>();
    /** How long the next retry of a follower's pulls of a leader waits, once a pull failed; on its thread only. */
    private final Map<String, Long> backoff = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** With the threads of the container it runs in ({@link Container#current()}): managed, or daemons. */
    public Prompts() {
        this(RETRY_MILLIS, MAX_RETRY_MILLIS);
    }

    /** With other waits before retries (tests). */
    Prompts(long retryMillis, long maxRetryMillis) {
        this.threadFactory = Container.current().threadFactory("eventsourcing-follower");
        this.retryMillis = retryMillis;
        this.maxRetryMillis = maxRetryMillis;
    }

    /**
     * Starts following: a pull now (to catch up), then one every poll interval of the follower, and one after each
     * {@link #prompt}.
     */
    @Override
    public void follow(Follower follower, String leaderName) {
        schedule(follower, leaderName, 0);
        int interval = follower.pollInterval();
        if (interval > 0) {
            thread(follower).scheduleWithFixedDelay(() -> schedule(follower, leaderName, 0), interval, interval,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The follower should process what the leader stored: schedules a pull unless one is queued already. */
    @Override
    public void prompt(Follower follower, String leaderName) {
        schedule(follower, leaderName, 0);
    }

    private ScheduledThreadPoolExecutor thread(Follower follower) {
        return threads.computeIfAbsent(follower, f -> {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = threadFactory.newThread(runnable);
                t.setName("eventsourcing-follower " + f.name());
                workers.put(f.name(), t);
                return t;
            });
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);     // no retries after close
            executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
            return executor;
        });
    }

    private void schedule(Follower follower, String leaderName, long delayMillis) {
        if (closed) {
            return;
        }
        ScheduledThreadPoolExecutor thread = thread(follower);
        String key = follower.name() + " <- " + leaderName;
        AtomicBoolean pending = queued.computeIfAbsent(key, k -> new AtomicBoolean());
        if (!pending.compareAndSet(false, true)) {
            return;             // a pull is queued already: it will see what this prompt is about
        }
        try {
            thread.schedule(() -> {
                pending.set(false);     // before reading: a prompt from now on queues another pull
                try {
                    follower.pullAndProcess(leaderName);
                    backoff.remove(key);
                } catch (RuntimeException e) {
                    if (!closed) {
                        long wait = backoff.getOrDefault(key, retryMillis);
                        backoff.put(key, Math.min(wait * 2, maxRetryMillis));
                        LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; trying again in " + wait + " ms", e);
                        schedule(follower, leaderName, wait);
                    }
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.set(false);     // closed meanwhile
        }
    }

    /**
     * @return by follower name, whether its thread runs: it was started, is alive and was not stopped (for a
     *         liveness check); all {@code false} once closed
     */
    public Map<String, Boolean> running() {
        Map<String, Boolean> running = new TreeMap<>();
        threads.forEach((follower, executor) -> {
            Thread worker = workers.get(follower.name());
            running.put(follower.name(), !closed && !executor.isShutdown() && worker != null && worker.isAlive());
        });
        return running;
    }

    /** Stops the threads, letting pulls in progress finish (at most 10 s each). */
    @Override
    public void close() {
        closed = true;
        threads.values().forEach(ScheduledThreadPoolExecutor::shutdown);
        try {
            for (ScheduledThreadPoolExecutor thread : threads.values()) {
                if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                    thread.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            threads.values().forEach(ScheduledThreadPoolExecutor::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
