package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Creates an {@code @EventSourced} application through its no-arg constructor, so that it reads its configuration
 * exactly as in plain Java. Public only because containers instantiate it from generated code.
 */
public final class ApplicationCreator implements SyntheticBeanCreator<Application> {

    /** The parameter that holds the application class. */
    public static final String APPLICATION = "application";

    @Override
    public Application create(Instance<Object> lookup, Parameters params) {
        Class<? extends Application> type = params.get(APPLICATION, Class.class).asSubclass(Application.class);
        try {
            Constructor<? extends Application> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
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
            throw new UndeclaredThrowableException(cause, "Cannot create " + type.getName() + ": " + cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + type.getName() + ": " + e, e);
        }
    }
}
