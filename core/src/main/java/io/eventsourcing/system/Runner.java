package io.eventsourcing.system;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.internal.RunnerSettings;
import io.eventsourcing.system.internal.Following;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link EventDrivenSystem}: builds one instance of each application and projection with the same settings, has
 * each follower (process application, projection) follow its leaders, catches up with what they stored before, and then
 * prompts a follower after each save of an application it follows. {@link #close()} closes the applications.
 *
 * <p>Every application gets the runner's settings, whatever its constructor: one taking a {@code Map} is given them,
 * and a no-arg one receives them in {@link Application}'s constructor as if it had passed them on. A constructor
 * that sets one of the runner's keys to another value is refused, naming the class and key.
 *
 * <p>Two ways of running: {@link SingleThreadedRunner} processes in the saving thread, before {@code save} returns;
 * {@link MultiThreadedRunner} processes in a thread per follower.
 */
public abstract class Runner implements AutoCloseable {

    private final EventDrivenSystem system;
    private final Map<String, String> settings;
    /** The applications and projections, by class. */
    private final Map<Class<?>, Object> members = new LinkedHashMap<>();
    /** The followers' prompts after their leaders' saves, once started. */
    private Following following;

    protected Runner(EventDrivenSystem system, Map<String, String> settings) {
        this.system = system;
        this.settings = Map.copyOf(settings);
    }

    /**
     * Builds the applications with the runner's settings (through a constructor taking the settings map if the
     * class has one, else its no-arg constructor); then has the followers catch up. If one cannot be built, or a
     * follower has tracked a leader beyond the leader's log, closes those built and throws.
     *
     * @throws IllegalStateException naming the class if it cannot be built, and naming the follower, the leader,
     *                               the tracked position and the leader's last notification id if a follower is
     *                               ahead of its leader's log (they are not over the same store)
     */
    public synchronized void start() {
        if (!members.isEmpty()) {
            throw new IllegalStateException("This runner has started already");
        }
        try {
            for (Class<?> type : system.applications()) {
                members.put(type, RunnerSettings.during(type, settings, () -> construct(type)));
            }
            following = Following.start(members, system::leaders, new Following.Prompter() {
                @Override
                public void follow(Follower follower, String leaderName) {
                    Runner.this.follow(follower, leaderName);
                }

                @Override
                public void prompt(Follower follower, String leaderName) {
                    Runner.this.prompt(follower, leaderName);
                }
            });
        } catch (RuntimeException e) {
            try {
                close();            // those built so far
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        following.catchUp();
    }

    /** @return the running instance of the application or projection class */
    public <A> A get(Class<A> type) {
        Object member = members.get(type);
        if (member == null) {
            throw new IllegalArgumentException(type.getName() + " is not an application of this system"
                    + (members.isEmpty() ? ", or the runner has not started" : ""));
        }
        return type.cast(member);
    }

    /** The follower starts following the leader: it catches up with what the leader stored (a prompt). */
    protected void follow(Follower follower, String leaderName) {
        prompt(follower, leaderName);
    }

    /** The follower should process what the leader stored: now, or soon. */
    protected abstract void prompt(Follower follower, String leaderName);

    /** Stops prompting and closes the applications and projections, followers first. */
    @Override
    public synchronized void close() {
        if (following != null) {
            following.close();
            following = null;
        }
        List<Object> all = new ArrayList<>(members.values());
        members.clear();
        RuntimeException failure = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                if (all.get(i) instanceof Application application) {
                    application.close();
                } else {
                    ((Projection) all.get(i)).close();
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Object construct(Class<?> type) {
        try {
            try {
                Constructor<?> withSettings = type.getDeclaredConstructor(Map.class);
                withSettings.setAccessible(true);
                return withSettings.newInstance(settings);
            } catch (NoSuchMethodException e) {
                Constructor<?> noArgs = type.getDeclaredConstructor();
                noArgs.setAccessible(true);
                return noArgs.newInstance();
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Cannot build application " + type.getName() + ": " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot build application " + type.getName() + ": it needs a constructor"
                    + " taking the settings (Map<String, String>) or none: " + e, e);
        }
    }
}
