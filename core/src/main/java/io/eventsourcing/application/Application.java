package io.eventsourcing.application;

import io.eventsourcing.application.internal.ApplicationAccess;
import io.eventsourcing.application.internal.EventSourcedRepository;
import io.eventsourcing.application.internal.LocalNotificationLog;
import io.eventsourcing.application.internal.Tracks;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.EventStore;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One bounded context: saves the pending events of its aggregates, gets aggregates back from their events and
 * presents every stored event in its {@linkplain #notificationLog() notification log}. Subclass it with the
 * application's commands and queries:
 *
 * <pre>{@code
 * public class DogSchool extends Application {
 *     public UUID registerDog(String name) { Dog dog = new Dog(name); save(dog); return dog.id(); }
 *     public Dog getDog(UUID dogId) { return repository().get(dogId); }
 * }
 * }</pre>
 *
 * <p>Its persistence is configured by {@link Settings} ({@code eventsourcing.persistence}: in memory by default).
 * Thread-safe: commands may run concurrently; saves of the same aggregate version conflict in the recorder.
 * Close it to release its database connections.
 */
public class Application implements AutoCloseable {

    static {
        ApplicationAccess.install(new ApplicationAccess() {
            @Override
            public void addSaveListener(Application application, Runnable listener) {
                synchronized (application) {
                    Runnable[] listeners = Arrays.copyOf(application.saveListeners, application.saveListeners.length + 1);
                    listeners[listeners.length - 1] = listener;
                    application.saveListeners = listeners;
                }
            }

            @Override
            public void removeSaveListener(Application application, Runnable listener) {
                synchronized (application) {
                    application.saveListeners = Arrays.stream(application.saveListeners)
                            .filter(l -> l != listener).toArray(Runnable[]::new);
                }
            }

            @Override
            public void saved(Application application) {
                application.saved();
            }
        });
    }

    /** How many notifications a section of the log holds at most. */
    public static final int SECTION_SIZE = 10;

    private final String name;
    private final Settings settings;
    private final InfrastructureFactory factory;
    private final EventStore eventStore;
    private final Repository repository;
    private final NotificationLog notificationLog;
    /** Run after each save that stored events; replaced, never changed, so a save reads it without a lock. */
    private volatile Runnable[] saveListeners = new Runnable[0];

    /** An application configured from MicroProfile Config, or system properties and environment variables. */
    public Application() {
        this(Map.of());
    }

    /**
     * @param settings values that take precedence over MicroProfile Config, system properties and environment
     *                 variables, such as {@code Map.of("eventsourcing.persistence", "sqlite")}
     * @throws io.eventsourcing.persistence.ConfigurationException naming the key if a value is invalid
     */
    public Application(Map<String, String> settings) {
        this.name = nameOf(getClass());
        this.settings = Settings.forApplication(name, settings);
        this.factory = InfrastructureFactory.create(this.settings);
        ApplicationRecorder recorder = this instanceof Tracks ? factory.processRecorder()
                : factory.applicationRecorder();
        this.eventStore = new EventStore(factory.mapper(), recorder);
        this.repository = new EventSourcedRepository(eventStore, name);
        this.notificationLog = new LocalNotificationLog(recorder, SECTION_SIZE);
    }

    /**
     * Stores the pending events of the aggregates, all or none, and then forgets them on the aggregates.
     *
     * @throws IntegrityException if another save of one of these aggregate versions got there first; nothing is
     *                            stored and the aggregates keep their pending events
     */
    public void save(Aggregate... aggregates) {
        AggregateAccess access = AggregateAccess.get();
        List<DomainEvent> events;
        if (aggregates.length == 1) {
            events = access.pendingEvents(aggregates[0]);
        } else {
            events = new ArrayList<>();
            for (Aggregate aggregate : aggregates) {
                events.addAll(access.pendingEvents(aggregate));
            }
        }
        if (events.isEmpty()) {
            return;
        }
        eventStore.put(events);
        for (Aggregate aggregate : aggregates) {
            access.clearPendingEvents(aggregate, access.pendingEvents(aggregate).size());
        }
        saved();
    }

    private void saved() {
        for (Runnable listener : saveListeners) {     // an array: no iterator per save
            listener.run();
        }
    }

    /** @return the repository of this application's aggregates */
    public Repository repository() {
        return repository;
    }

    /** @return every event this application stored, in order */
    public NotificationLog notificationLog() {
        return notificationLog;
    }

    /** @return the event store under the repository */
    public EventStore eventStore() {
        return eventStore;
    }

    /** @return the application's name: its class's simple name, used for per-application settings */
    public final String name() {
        return name;
    }

    /** @return the settings this application was configured with */
    public final Settings settings() {
        return settings;
    }

    /** Releases the application's infrastructure (database connections); it must not be used afterwards. */
    @Override
    public void close() {
        factory.close();
    }

    /** The simple name of the class, skipping anonymous classes and generated subclasses (proxies). */
    private static String nameOf(Class<?> type) {
        Class<?> c = type;
        while (c.getSuperclass() != null && c != Application.class
                && (c.isAnonymousClass() || c.isSynthetic() || c.getName().contains("$$"))) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }
}
