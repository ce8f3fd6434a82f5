package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.Follows;
import io.eventsourcing.config.Settings;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.internal.Following;
import io.eventsourcing.system.internal.Prompts;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Runs the {@link Follows @Follows} process applications and projections of the container as a
 * {@link io.eventsourcing.system.MultiThreadedRunner} runs followers ({@link Following}, {@link Prompts}): each
 * follows its leaders and is prompted, in a thread of its own, after each committed save of one of them, and looks
 * for new notifications every poll interval (what other processes stored). A bean the extension adds
 * ({@code @Singleton}, which is not bean-defining: discovery in an archive that holds this class does not make it a
 * second bean); public because containers instantiate it.
 */
@Singleton
public class Followers {

    private volatile Prompts prompts;
    private volatile Following following;

    /**
     * Has every {@code @Follows} application and projection follow its leaders: catch up with what they stored, then
     * look for new notifications every poll interval ({@code eventsourcing.poll-interval}) besides the prompts.
     *
     * @param applications the {@code @EventSourced} applications and projections, by class
     */
    void start(Map<Class<?>, Object> applications) {
        prompts = new Prompts();
        following = Following.start(applications, Followers::leaders, prompts);
        following.catchUp();
    }

    /**
     * @param member a started application or projection
     * @return how far it may lag behind an application it follows while its readiness check is {@code UP}
     *         ({@value Settings#HEALTH_MAX_LAG})
     * @throws io.eventsourcing.config.ConfigurationException naming the key if its value is invalid
     */
    static int maxLag(Object member) {
        Settings settings = member instanceof Application application ? application.settings()
                : ((Projection) member).settings();
        return settings.getInt(Settings.HEALTH_MAX_LAG, 10_000, 1, Integer.MAX_VALUE);
    }

    /**
     * @return by follower name, whether its thread runs ({@link Prompts#running()}): all {@code false} after the
     *         stop, empty before the start
     */
    Map<String, Boolean> running() {
        Prompts current = prompts;
        return current == null ? Map.of() : current.running();
    }

    private static List<Class<? extends Application>> leaders(Class<?> application) {
        Follows follows = application.getAnnotation(Follows.class);
        return follows == null ? List.of() : List.of(follows.value());
    }

    /** Stops prompting the followers and their threads (a pull in progress finishes); again, does nothing. */
    @PreDestroy
    synchronized void stop() {
        if (following != null) {
            following.close();
            following = null;
        }
        if (prompts != null) {
            prompts.close();        // kept, closed: its threads show as stopped to the liveness check
        }
    }
}
