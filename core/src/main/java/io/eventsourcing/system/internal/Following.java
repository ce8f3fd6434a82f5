package io.eventsourcing.system.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.internal.ApplicationAccess;
import io.eventsourcing.application.internal.SaveListener;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Subscription;
import io.eventsourcing.system.Follower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Followers (process applications, projections) following their leaders, as a runner and a container run them: each
 * follows each of its leaders' notification logs and is prompted after each of their saves, once it has committed (a
 * save listener on the leader), and when the leader's recorder says that other processes stored new notifications
 * ({@link ApplicationRecorder#subscribe}: PostgreSQL's NOTIFY); {@link #catchUp()} has them process what the leaders
 * stored before. The one road by which followers are prompted, in plain Java and in containers. Immutable.
 */
public final class Following implements AutoCloseable {

    /** Runs followers' pulls: now, in the thread that prompts, or soon, in threads of their own ({@link Prompts}). */
    public interface Prompter {

        /** The follower starts following the leader: it catches up with what the leader stored. */
        void follow(Follower follower, String leaderName);

        /** The follower should process what the leader stored: now, or soon. */
        void prompt(Follower follower, String leaderName);
    }

    /** A follower of a leader, and the listener and subscription on the leader that prompt it. */
    private record Link(Follower follower, Application leader, SaveListener listener, Subscription subscription) {
    }

    private final List<Link> links;
    private final Prompter prompter;

    private Following(List<Link> links, Prompter prompter) {
        this.links = List.copyOf(links);
        this.prompter = prompter;
    }

    /**
     * Has each follower among the members follow its leaders, which are among them too, and be prompted after
     * each of their saves.
     *
     * @param members the applications and projections, by class
     * @param leaders the classes a class follows, empty if none
     * @throws IllegalStateException as {@link Follower#follow} does, having removed the listeners it added
     */
    public static Following start(Map<? extends Class<?>, ?> members,
                                  Function<Class<?>, List<Class<? extends Application>>> leaders,
                                  Prompter prompter) {
        ApplicationAccess access = ApplicationAccess.get();
        List<Link> links = new ArrayList<>();
        try {
            members.forEach((type, member) -> {
                if (member instanceof Follower follower) {
                    for (Class<? extends Application> leaderType : leaders.apply(type)) {
                        Application leader = (Application) members.get(leaderType);
                        follower.follow(leader);
                        String leaderName = leader.name();
                        SaveListener listener = events -> prompter.prompt(follower, leaderName);
                        Subscription subscription =
                                leader.eventStore().recorder() instanceof ApplicationRecorder recorder
                                        ? recorder.subscribe(() -> prompter.prompt(follower, leaderName)) : null;
                        access.addSaveListener(leader, listener);
                        links.add(new Link(follower, leader, listener, subscription));
                    }
                }
            });
        } catch (RuntimeException e) {
            new Following(links, prompter).close();
            throw e;
        }
        return new Following(links, prompter);
    }

    /** Each follower catches up with what its leaders stored before ({@link Prompter#follow}). */
    public void catchUp() {
        for (Link link : links) {
            prompter.follow(link.follower(), link.leader().name());
        }
    }

    /** Stops prompting the followers. */
    @Override
    public void close() {
        ApplicationAccess access = ApplicationAccess.get();
        for (Link link : links) {
            access.removeSaveListener(link.leader(), link.listener());
            if (link.subscription() != null) {
                link.subscription().close();
            }
        }
    }
}
