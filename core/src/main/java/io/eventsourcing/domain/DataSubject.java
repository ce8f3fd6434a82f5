package io.eventsourcing.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code UUID} component of an event record that names whose {@link PersonalData} the record holds: the
 * subject whose data key encrypts it. At most one per record; without one, the subject is the aggregate. The
 * component itself is stored in plain text.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DataSubject {
}
