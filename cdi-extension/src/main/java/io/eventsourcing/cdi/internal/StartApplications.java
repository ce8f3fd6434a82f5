package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.internal.AggregateType;
import io.eventsourcing.persistence.ConfigurationException;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticObserver;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.EventContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates every {@code @EventSourced} application when the container starts, so that a configuration error (an
 * invalid value, a missing DataSource) fails the start-up rather than the first request, and resolves every
 * aggregate's handlers, so that the first request is as fast as the rest. Reports the failures of all applications
 * at once. Public for generated code.
 */
public final class StartApplications implements SyntheticObserver<Startup> {

    /** The parameter that holds the application classes. */
    public static final String APPLICATIONS = "applications";
    /** The parameter that holds the aggregate classes. */
    public static final String AGGREGATES = "aggregates";

    @Override
    public void observe(EventContext<Startup> event, Parameters params) {
        // In Quarkus the extension validated the aggregates at build time, in another JVM: resolve them here again.
        for (Class<?> aggregate : params.get(AGGREGATES, Class[].class)) {
            AggregateType.of(aggregate.asSubclass(Aggregate.class));
        }
        CDI<Object> container = CDI.current();
        List<String> failures = new ArrayList<>();
        for (Class<?> type : params.get(APPLICATIONS, Class[].class)) {
            Class<? extends Application> application = type.asSubclass(Application.class);
            try {
                container.select(application, EventSourced.Literal.of(application)).get();
            } catch (RuntimeException e) {
                failures.add("Cannot start @EventSourced application %s: %s"
                        .formatted(application.getName(), reason(e)));
            }
        }
        if (!failures.isEmpty()) {
            throw new DeploymentException(String.join("\n", failures));
        }
    }

    /** The message of the configuration error if there is one, else of the outermost exception. */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
        }
        return String.valueOf(failure.getMessage() != null ? failure.getMessage() : failure);
    }
}
