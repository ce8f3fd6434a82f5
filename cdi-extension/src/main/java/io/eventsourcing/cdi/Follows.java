package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an {@link EventSourced @EventSourced} process application: the {@code @EventSourced} applications it follows.
 * When the container starts, it catches up with what they stored; then, after each of their saves has committed (its
 * own transaction, or the caller's JTA transaction it joined), it processes what was saved, in a thread of its own
 * (the container's managed threads where it has them), as a {@link io.eventsourcing.system.MultiThreadedRunner}
 * runs followers. A rolled-back save is never seen.
 *
 * <pre>{@code
 * @EventSourced
 * @Follows(DogSchool.class)
 * public class Counters extends ProcessApplication {
 *     @Policy void on(Dog.TrickAdded e, ProcessingEvent processing) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Follows {

    /** @return the applications followed */
    Class<? extends Application>[] value();
}
