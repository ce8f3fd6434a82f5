package io.eventsourcing.system;

import io.eventsourcing.application.Application;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which applications follow which: pipes of application classes, each following the one before it in its pipe.
 * Independent of persistence and of how it runs; a {@link Runner} runs it.
 *
 * <pre>{@code
 * EventDrivenSystem system = new EventDrivenSystem(List.of(
 *         List.of(DogSchool.class, Counters.class),
 *         List.of(DogSchool.class, Notifications.class)));
 * }</pre>
 *
 * <p>An application that appears in several pipes is one application; every class after the first of a pipe must
 * be a {@link ProcessApplication}. Immutable.
 */
public final class EventDrivenSystem {

    private final List<Class<? extends Application>> applications;
    private final Map<Class<? extends Application>, List<Class<? extends Application>>> leaders;

    /**
     * @param pipes the pipes, each a list of application classes
     * @throws IllegalArgumentException naming the class if a follower is not a process application, an application
     *                                  follows itself, or two classes have the same name (their tables would clash)
     */
    public EventDrivenSystem(List<List<Class<? extends Application>>> pipes) {
        Set<Class<? extends Application>> all = new LinkedHashSet<>();
        Map<Class<? extends Application>, List<Class<? extends Application>>> leadersOf = new HashMap<>();
        Map<String, Class<?>> names = new HashMap<>();
        for (List<Class<? extends Application>> pipe : pipes) {
            Class<? extends Application> previous = null;
            for (Class<? extends Application> type : pipe) {
                Class<?> other = names.putIfAbsent(type.getSimpleName(), type);
                if (other != null && other != type) {
                    throw new IllegalArgumentException("Applications " + other.getName() + " and " + type.getName()
                            + " have the same name, " + type.getSimpleName() + ": rename one");
                }
                all.add(type);
                if (previous != null) {
                    if (!ProcessApplication.class.isAssignableFrom(type)) {
                        throw new IllegalArgumentException(type.getName() + " follows " + previous.getName()
                                + " but is not a ProcessApplication");
                    }
                    if (previous == type) {
                        throw new IllegalArgumentException(type.getName() + " cannot follow itself");
                    }
                    List<Class<? extends Application>> its = leadersOf.computeIfAbsent(type, t -> new ArrayList<>());
                    if (!its.contains(previous)) {
                        its.add(previous);
                    }
                }
                previous = type;
            }
        }
        this.applications = List.copyOf(all);
        Map<Class<? extends Application>, List<Class<? extends Application>>> copy = new HashMap<>();
        leadersOf.forEach((follower, its) -> copy.put(follower, List.copyOf(its)));
        this.leaders = Map.copyOf(copy);
    }

    /** @return every application of the system, in the order the pipes first name them */
    public List<Class<? extends Application>> applications() {
        return applications;
    }

    /** @return the applications the class follows, empty if it follows none */
    public List<Class<? extends Application>> leaders(Class<? extends Application> follower) {
        return leaders.getOrDefault(follower, List.of());
    }
}
