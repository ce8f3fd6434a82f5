package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.internal.ApplicationAccess;
import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.internal.AggregateType;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Creates an {@code @EventSourced} application through its no-arg constructor, exactly as in plain Java: it reads
 * its configuration from MicroProfile Config, and its persistence finds the container's DataSource, transactions
 * and threads through {@link CdiContainer}. Refuses it without a master key if an aggregate of the deployment has
 * {@code @PersonalData}. Then has it fire {@link io.eventsourcing.cdi.EventsStored} after each committed save
 * ({@link EventsStoredReporter}). Public only because containers instantiate it from generated code.
 */
public final class ApplicationCreator implements SyntheticBeanCreator<Application> {

    /** The parameter that holds the application class. */
    public static final String APPLICATION = "application";
    /** The parameter that holds the aggregate classes of the deployment. */
    public static final String AGGREGATES = "aggregates";

    @Override
    public Application create(Instance<Object> lookup, Parameters params) {
        Class<? extends Application> type = params.get(APPLICATION, Class.class).asSubclass(Application.class);
        Application application = construct(type);
        try {
            requireCipherKey(application, params.get(AGGREGATES, Class[].class));
        } catch (ConfigurationException e) {
            application.close();
            throw e;
        }
        ApplicationAccess.get().addSaveListener(application, EventsStoredReporter.of(type));
        return application;
    }

    /**
     * Fails at start-up what would fail the first save of personal data. The container cannot tell which application
     * saves which aggregate: if any aggregate of the deployment has {@code @PersonalData}, every application needs a
     * master key.
     *
     * @throws ConfigurationException naming {@value Settings#CIPHER_KEY}, the application's own key and the event
     *                                classes with personal data if the application has no master key
     */
    private static void requireCipherKey(Application application, Class<?>[] aggregates) {
        Settings settings = application.settings();
        if (settings.getEvenIfEmpty(Settings.CIPHER_KEY).isPresent()) {
            return;         // its value is checked where the application made its mapper
        }
        List<String> personal = new ArrayList<>();
        for (Class<?> aggregate : aggregates) {
            List<String> events = new ArrayList<>();
            for (Class<?> event : AggregateType.of(aggregate.asSubclass(Aggregate.class)).personalEventTypes()) {
                events.add(event.getName());
            }
            if (!events.isEmpty()) {
                Collections.sort(events);
                personal.add(aggregate.getName() + " (" + String.join(", ", events) + ")");
            }
        }
        if (!personal.isEmpty()) {
            throw new ConfigurationException(Settings.CIPHER_KEY, ("Missing configuration value for %s (or %s): the"
                    + " deployment's aggregates have @PersonalData components (in %s), and any application may save"
                    + " them; set %s to a base64 AES key of 16, 24 or 32 bytes (openssl rand -base64 32), which wraps"
                    + " the data keys that encrypt them, for all applications (or %s for %s only); with %s=false it"
                    + " only wraps those keys, and states stay readable").formatted(Settings.CIPHER_KEY,
                    settings.ownKey(Settings.CIPHER_KEY), String.join(", ", personal), Settings.CIPHER_KEY,
                    settings.ownKey(Settings.CIPHER_KEY), application.name(), Settings.CIPHER_ENCRYPT_STATES));
        }
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
