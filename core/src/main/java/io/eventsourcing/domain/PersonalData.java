package io.eventsourcing.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an event record as personal data: it is stored encrypted with the data key of its subject
 * (the record's {@link DataSubject} component, or the aggregate's id when it has none), so that
 * {@code Application.forget(subjectId)} erases it by deleting that key. Afterwards it reads as {@code null}, or as
 * {@link #forgotten()} if set, and a snapshot of an aggregate that held it (sealed whole with the keys of the
 * subjects it holds data of) is no longer used. The other components stay readable. Needs
 * {@code eventsourcing.cipher.key}, which wraps the data keys. On a component of the event record itself, not of a
 * record it holds (mark the component that holds that record instead), nor of a primitive type (use its box): the
 * annotation processor refuses either, and so does the library when the class is first used.
 *
 * <pre>{@code
 * public record Registered(@DataSubject UUID ownerId, @PersonalData String ownerName, String dogName) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {

    /**
     * @return what a {@code String} component reads as once its subject is forgotten; empty (the default) reads as
     *         {@code null}, as does every component of another type
     */
    String forgotten() default "";
}
