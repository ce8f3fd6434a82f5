package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an {@link EventSourced @EventSourced} process application or projection: the {@code @EventSourced} applications
 * it follows.
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
 *
 * @EventSourced
 * @Follows(DogSchool.class)
 * public class DogList extends Projection {                   // a bean: inject it, query it, waitFor it
 *     @Policy void on(Dog.Registered e, ProjectionContext context) throws SQLException { ... }
 * }
 * }</pre>
 *
 * <p>A projection processes in batches, each in one transaction with its tracking: where the container offers a
 * {@code TransactionManager} or {@code UserTransaction} and its recorder is over the container's DataSource, a JTA
 * transaction the recorder begins, which JPA on that DataSource joins.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Follows {

    /** @return the applications followed */
    Class<? extends Application>[] value();
}
