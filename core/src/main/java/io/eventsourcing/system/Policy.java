package io.eventsourcing.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link ProcessApplication} that processes one type of event of the applications it follows.
 *
 * <p>The method takes two parameters, the event record and the {@link ProcessingEvent}, returns {@code void} and
 * may have any visibility. It runs once per notification: the aggregates it {@linkplain ProcessingEvent#collect
 * collects} are saved together with the record that the notification was processed, in one transaction.
 *
 * <pre>{@code
 * @Policy void on(Dog.TrickAdded e, ProcessingEvent processing) {
 *     Counter counter = counterFor(e.trick());
 *     counter.increment();
 *     processing.collect(counter);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Policy {
}
