package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Makes an {@link Application} subclass a CDI bean, and at an injection point selects the {@code Repository},
 * {@code EventStore} or {@code NotificationLog} of one application.
 *
 * <pre>{@code
 * @EventSourced
 * public class DogSchool extends Application { ... }          // the same class as in plain Java
 *
 * public class DogResource {
 *     @Inject DogSchool school;                                // one instance per container
 *     @Inject @EventSourced(DogSchool.class) NotificationLog log;
 *     @Inject @EventSourced(DogSchool.class) Repository dogs;
 * }
 * }</pre>
 *
 * <p>The application is created when the container starts, through its no-arg constructor, and so is configured
 * exactly as in plain Java: {@code eventsourcing.*} keys from MicroProfile Config, where
 * {@code eventsourcing.DogSchool.*} overrides {@code eventsourcing.*} for {@code DogSchool} only. A configuration
 * error or an invalid aggregate fails the deployment, naming the key, class or method. The container closes the
 * application when it shuts down.
 *
 * <p>{@code @EventSourced} is a qualifier: the bean the extension registers for an application has the qualifiers
 * {@code @Default} and {@code @EventSourced(TheApplication.class)}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface EventSourced {

    /**
     * @return at an injection point, the application whose part is injected; on an application class, leave it out
     */
    Class<? extends Application> value() default Application.class;

    /**
     * The annotation as a value, for programmatic lookup:
     * {@code instance.select(Repository.class, EventSourced.Literal.of(DogSchool.class))}.
     */
    final class Literal extends AnnotationLiteral<EventSourced> implements EventSourced {

        private static final long serialVersionUID = 1L;

        private final Class<? extends Application> value;

        private Literal(Class<? extends Application> value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        /** @return {@code @EventSourced(application)} */
        public static EventSourced of(Class<? extends Application> application) {
            return new Literal(application);
        }

        @Override
        public Class<? extends Application> value() {
            return value;
        }
    }
}
