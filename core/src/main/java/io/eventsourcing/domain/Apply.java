package io.eventsourcing.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of an {@link Aggregate} that applies one type of event to the aggregate's state.
 *
 * <p>The method takes exactly one parameter, the event record, returns {@code void} and may have any
 * visibility. It runs when a command {@linkplain Aggregate#trigger(Record) triggers} the event and again each
 * time the aggregate is rebuilt from stored events, so it must only change state: validate and compute in
 * the command, before triggering.
 *
 * <pre>{@code
 * @Apply void on(TrickAdded e) { tricks.add(e.trick()); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Apply {
}
