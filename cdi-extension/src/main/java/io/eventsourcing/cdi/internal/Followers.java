package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventsStored;
import io.eventsourcing.cdi.Follows;
import io.eventsourcing.jdbc.spi.Jndi;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.internal.Prompts;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the {@link Follows @Follows} process applications of the container: each follows its leaders and is
 * prompted, in a thread of its own, after each committed save of one of them ({@link EventsStored} fires only after
 * the commit), and looks for new notifications every poll interval (what other processes stored). A bean the extension adds ({@code @Singleton}, which is not bean-defining: discovery in an archive
 * that holds this class does not make it a second bean); public because containers instantiate it.
 */
@Singleton
public class Followers {

    /** For each followed application class, the prompts of its followers. */
    private final Map<Class<? extends Application>, List<Runnable>> followersOf = new ConcurrentHashMap<>();
    private volatile Prompts prompts;

    /**
     * Has every {@code @Follows} application follow its leaders: catch up with what they stored, then look for new
     * notifications every poll interval ({@code eventsourcing.poll-interval}) besides the prompts.
     *
     * @param applications the {@code @EventSourced} applications, by class
     */
    void start(Map<Class<? extends Application>, Application> applications) {
        Prompts started = new Prompts(Jndi.threadFactory("eventsourcing-follower"));
        prompts = started;
        List<Runnable> catchUp = new ArrayList<>();
        for (Map.Entry<Class<? extends Application>, Application> entry : applications.entrySet()) {
            Follows follows = entry.getKey().getAnnotation(Follows.class);
            if (follows == null || !(entry.getValue() instanceof ProcessApplication follower)) {
                continue;
            }
            for (Class<? extends Application> leaderType : follows.value()) {
                Application leader = applications.get(leaderType);
                follower.follow(leader);
                String leaderName = leader.name();
                followersOf.computeIfAbsent(leaderType, t -> new ArrayList<>())
                        .add(() -> started.prompt(follower, leaderName));
                catchUp.add(() -> started.follow(follower, leaderName));
            }
        }
        catchUp.forEach(Runnable::run);
    }

    /** After a committed save: the followers of that application process what it stored. */
    void stored(@Observes EventsStored stored) {
        List<Runnable> followers = followersOf.get(stored.application());
        if (followers != null) {
            followers.forEach(Runnable::run);
        }
    }

    @PreDestroy
    void stop() {
        Prompts current = prompts;
        if (current != null) {
            current.close();
        }
    }
}
