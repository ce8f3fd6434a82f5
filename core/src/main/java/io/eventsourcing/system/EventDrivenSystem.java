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
 *         List.of(DogSchool.class, DogList.class)));
 * }</pre>
 *
 * <p>A class that appears in several pipes is one member; the first of a pipe is an {@link Application}, every
 * class after it a {@link ProcessApplication} or, last of its pipe, a {@link Projection} (which has no log to
 * follow). Immutable.
 */
public final class EventDrivenSystem {

    private final List<Class<?>> applications;
    private final Map<Class<?>, List<Class<? extends Application>>> leaders;

    /**
     * @param pipes the pipes, each a list of application and projection classes
     * @throws IllegalArgumentException naming the class if a class is neither an application nor a projection, a
     *                                  follower is not a process application or a projection, a projection is
     *                                  followed, a class follows itself, or two classes have the same name (their
     *                                  tables would clash)
     */
    public EventDrivenSystem(List<? extends List<? extends Class<?>>> pipes) {
        Set<Class<?>> all = new LinkedHashSet<>();
        Map<Class<?>, List<Class<? extends Application>>> leadersOf = new HashMap<>();
        Map<String, Class<?>> names = new HashMap<>();
        for (List<? extends Class<?>> pipe : pipes) {
            Class<?> previous = null;
            for (Class<?> type : pipe) {
                if (!Application.class.isAssignableFrom(type) && !Projection.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException(type.getName() + " is neither an Application nor a"
                            + " Projection");
                }
                Class<?> other = names.putIfAbsent(type.getSimpleName(), type);
                if (other != null && other != type) {
                    throw new IllegalArgumentException("Applications " + other.getName() + " and " + type.getName()
                            + " have the same name, " + type.getSimpleName() + ": rename one");
                }
                all.add(type);
                if (previous == null && pipe.size() > 1 && !Application.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException(type.getName() + " begins a pipe, but a Projection has no"
                            + " notification log to follow");
                }
                if (previous != null) {
                    if (Projection.class.isAssignableFrom(previous)) {
                        throw new IllegalArgumentException(type.getName() + " follows " + previous.getName()
                                + ", a Projection, which has no notification log to follow");
                    }
                    if (!Follower.class.isAssignableFrom(type)) {
                        throw new IllegalArgumentException(type.getName() + " follows " + previous.getName()
                                + " but is not a ProcessApplication or a Projection");
                    }
                    if (previous == type) {
                        throw new IllegalArgumentException(type.getName() + " cannot follow itself");
                    }
                    List<Class<? extends Application>> its = leadersOf.computeIfAbsent(type, t -> new ArrayList<>());
                    if (!its.contains(previous)) {
                        its.add(previous.asSubclass(Application.class));
                    }
                }
                previous = type;
            }
        }
        this.applications = List.copyOf(all);
        Map<Class<?>, List<Class<? extends Application>>> copy = new HashMap<>();
        leadersOf.forEach((follower, its) -> copy.put(follower, List.copyOf(its)));
        this.leaders = Map.copyOf(copy);
    }

    /** @return every application and projection of the system, in the order the pipes first name them */
    public List<Class<?>> applications() {
        return applications;
    }

    /** @return the applications the class follows, empty if it follows none */
    public List<Class<? extends Application>> leaders(Class<?> follower) {
        return leaders.getOrDefault(follower, List.of());
    }
}
