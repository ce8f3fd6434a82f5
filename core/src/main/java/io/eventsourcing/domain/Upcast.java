package io.eventsourcing.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of an event record that turns the stored JSON of an older version of the record into the
 * next version's: {@code static JsonObject name(JsonObject state)}. A record with upcasters from 1 to N-1 is at
 * version N: its events are stored with {@code "classVersion":N}, and events stored at an older version (version 1
 * when they carry none) pass through the upcasters from theirs on before they are read. On an aggregate class, the
 * upcasters bring the {@code "state"} object of a snapshot taken by an older version of the class (its fields by
 * name) up to this one.
 *
 * <pre>{@code
 * public record Registered(String name, int age) {          // version 2: age added
 *     @Upcast(from = 1)
 *     static JsonObject addAge(JsonObject v1) { return Json.createObjectBuilder(v1).add("age", 0).build(); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Upcast {

    /** @return the version this method upcasts from, to the next */
    int from();
}
