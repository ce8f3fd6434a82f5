package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.persistence.EventStore;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

/**
 * Produces the {@link Repository}, {@link EventStore} or {@link NotificationLog} of an {@code @EventSourced}
 * application: the application's own instance, so it needs no disposal. Public for generated code.
 */
public final class ApplicationPartCreator implements SyntheticBeanCreator<Object> {

    /** The parameter that holds the part's type. */
    public static final String PART = "part";

    @Override
    public Object create(Instance<Object> lookup, Parameters params) {
        Class<? extends Application> type = params.get(ApplicationCreator.APPLICATION, Class.class)
                .asSubclass(Application.class);
        Class<?> part = params.get(PART, Class.class);
        Application application = lookup.select(type, EventSourced.Literal.of(type)).get();
        if (part == Repository.class) {
            return application.repository();
        }
        if (part == EventStore.class) {
            return application.eventStore();
        }
        if (part == NotificationLog.class) {
            return application.notificationLog();
        }
        throw new IllegalArgumentException("Unknown part " + part.getName() + " of " + type.getName());
    }
}
