package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.internal.ApplicationAccess;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Creates an {@code @EventSourced} application through its no-arg constructor, exactly as in plain Java: it reads
 * its configuration from MicroProfile Config, and its persistence finds the container's DataSource, transactions
 * and threads through {@link CdiContainer}. Then has it fire {@link io.eventsourcing.cdi.EventsStored} after each
 * committed save ({@link EventsStoredReporter}). Public only because containers instantiate it from generated code.
 */
public final class ApplicationCreator implements SyntheticBeanCreator<Application> {

    /** The parameter that holds the application class. */
    public static final String APPLICATION = "application";

    @Override
    public Application create(Instance<Object> lookup, Parameters params) {
        Class<? extends Application> type = params.get(APPLICATION, Class.class).asSubclass(Application.class);
        Application application = construct(type);
        ApplicationAccess.get().addSaveListener(application, EventsStoredReporter.of(type));
        return application;
    }

    /**
     * @return a new instance through the class's no-arg constructor (of any visibility)
     * @throws RuntimeException what the constructor threw, such as a ConfigurationException naming the key
     */
    static <T> T construct(Class<T> type) {
        Constructor<T> constructor;
        try {
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot create " + type.getName() + ": " + e, e);
        }
        return construct(constructor);
    }

    private static <T> T construct(Constructor<T> constructor) {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            // The constructor's own failure, such as a ConfigurationException naming the key, reaches the caller.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new UndeclaredThrowableException(cause, "Cannot create " + constructor.getDeclaringClass().getName()
                    + ": " + cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + constructor.getDeclaringClass().getName() + ": " + e, e);
        }
    }
}
