package io.eventsourcing.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The topics (binary class names) an aggregate class or an event record had before it was renamed or moved, so that
 * the events stored under them are still read, as this class. Found through the aggregate index that the annotation
 * processor writes: the aggregate class itself, and records declared in it.
 *
 * <pre>{@code
 * @Renamed(from = "com.example.dogs.Dog$TrickLearned")
 * public record TrickAdded(String trick) {}
 * }</pre>
 *
 * <p>On an {@link io.eventsourcing.application.Application} class, the names it had, so that it keeps the database
 * tables a former name owns (a database records which application class owns each table it created): it takes them
 * over when it starts. Keep the simple name, or set the table names, as the tables are named after it.
 *
 * <pre>{@code
 * @Renamed(from = "com.example.dogs.DogSchool")
 * public class DogSchool extends Application {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Renamed {

    /** @return the former topics */
    String[] from();
}
