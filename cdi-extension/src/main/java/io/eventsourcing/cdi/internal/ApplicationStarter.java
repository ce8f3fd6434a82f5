package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.Follows;
import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.system.Projection;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.interceptor.Interceptor;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates every {@code @EventSourced} application and projection when the container starts, so that a configuration
 * error (an invalid value, a missing DataSource) fails the start-up rather than the first request, and reports the
 * failures of all at once; then starts the {@link Followers}. A bean the extension adds, not a synthetic observer: its
 * {@code Instance} injection point is what tells Quarkus that the application beans are used, even those nothing else
 * injects. Public because containers instantiate it.
 */
public class ApplicationStarter {

    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) Startup startup,
               @Any Instance<Application> applications, @Any Instance<Projection> projections, Followers followers) {
        List<String> failures = new ArrayList<>();
        Map<Class<?>, Object> started = new LinkedHashMap<>();
        for (Instance.Handle<Application> handle : applications.handles()) {
            Class<? extends Application> application = applicationOf(handle.getBean().getQualifiers());
            if (application == null) {
                // Not one of ours: an Application bean the user made in some other way.
                continue;
            }
            try {
                started.put(application, checked(application, handle.get()));
            } catch (RuntimeException e) {
                failures.add("Cannot start @EventSourced application %s: %s"
                        .formatted(application.getName(), reason(e)));
            }
        }
        for (Instance.Handle<Projection> handle : projections.handles()) {
            Class<?> projection = projectionOf(handle.getBean());
            if (projection == null) {
                continue;
            }
            try {
                started.put(projection, checked(projection, handle.get()));
            } catch (RuntimeException e) {
                failures.add("Cannot start @EventSourced projection %s: %s"
                        .formatted(projection.getName(), reason(e)));
            }
        }
        if (!failures.isEmpty()) {
            throw new DeploymentException(String.join("\n", failures));
        }
        followers.start(started);
    }

    /**
     * Stops the followers' threads when the container begins to shut down, before any bean is destroyed: a pull
     * in progress finishes, and none runs once the applications, projections or the container's DataSource are
     * closed (it would log that their pool is closed).
     */
    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) Shutdown shutdown, Followers followers) {
        followers.stop();
    }

    /** @return the member, once the settings only its health check reads are checked too, if it follows others */
    private static Object checked(Class<?> type, Object member) {
        if (type.isAnnotationPresent(Follows.class)) {
            Followers.maxLag(member);
        }
        return member;
    }

    private static Class<? extends Application> applicationOf(Iterable<Annotation> qualifiers) {
        for (Annotation qualifier : qualifiers) {
            if (qualifier instanceof EventSourced eventSourced) {
                return eventSourced.value();
            }
        }
        return null;
    }

    /** @return the {@code @EventSourced} projection class among the bean's types, or {@code null} if not ours */
    private static Class<?> projectionOf(Bean<?> bean) {
        Class<?> found = null;
        for (Type type : bean.getTypes()) {
            if (type instanceof Class<?> c && Projection.class.isAssignableFrom(c)
                    && c.isAnnotationPresent(EventSourced.class)
                    && (found == null || found.isAssignableFrom(c))) {
                found = c;
            }
        }
        return found;
    }

    /** The message of the configuration error if there is one, else of the outermost exception. */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }
}
