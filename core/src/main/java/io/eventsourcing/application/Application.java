package io.eventsourcing.application;

import io.eventsourcing.application.internal.ApplicationAccess;
import io.eventsourcing.application.internal.EventSourcedRepository;
import io.eventsourcing.application.internal.ForgottenSubject;
import io.eventsourcing.application.internal.Lifecycle;
import io.eventsourcing.application.internal.LocalNotificationLog;
import io.eventsourcing.application.internal.RunnerSettings;
import io.eventsourcing.application.internal.SaveListener;
import io.eventsourcing.application.internal.Telemetry;
import io.eventsourcing.application.internal.Tracks;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.EventStore;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.RecorderStatus;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.serialization.internal.SubjectKeys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

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
            public void addSaveListener(Application application, SaveListener listener) {
                synchronized (application.saveListenersLock) {
                    SaveListener[] listeners = Arrays.copyOf(application.saveListeners,
                            application.saveListeners.length + 1);
                    listeners[listeners.length - 1] = listener;
                    application.saveListeners = listeners;
                }
            }

            @Override
            public void removeSaveListener(Application application, SaveListener listener) {
                synchronized (application.saveListenersLock) {
                    application.saveListeners = Arrays.stream(application.saveListeners)
                            .filter(l -> l != listener).toArray(SaveListener[]::new);
                }
            }

            @Override
            public void saved(Application application, List<StoredEvent> events) {
                application.saved(events);
            }

            @Override
            public void checkOpen(Application application) {
                application.lifecycle.checkOpen();
            }

            @Override
            public void forgetting(Application application, List<UUID> subjectIds) {
                application.forgetting(subjectIds);
            }

            @Override
            public Telemetry telemetry(Application application) {
                return application.telemetry;
            }
        });
    }

    /** How many notifications a section of the log holds at most. */
    public static final int SECTION_SIZE = 10;

    private static final System.Logger LOG = System.getLogger(Application.class.getName());
    /** How long the gauge of events waiting for their ids waits for the database's answer. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);

    private final String name;
    private final Settings settings;
    private final InfrastructureFactory factory;
    private final EventStore eventStore;
    private final Repository repository;
    private final NotificationLog notificationLog;
    /** The snapshot store, or {@code null} if snapshotting is off. */
    private final SnapshotRecorder snapshots;
    private final Map<Class<? extends Aggregate>, Integer> snapshottingIntervals;
    /**
     * Run after each save that stored events, once it has committed; replaced, never changed, so a save reads it
     * without a lock.
     */
    private volatile SaveListener[] saveListeners = new SaveListener[0];
    private final Object saveListenersLock = new Object();
    private final Lifecycle lifecycle;
    /** Its spans and metrics, or {@code null} without OpenTelemetry (no API, or no SDK). */
    private final Telemetry telemetry;

    /** An application configured from MicroProfile Config, or system properties and environment variables. */
    public Application() {
        this(Map.of());
    }

    /**
     * @param settings values that take precedence over MicroProfile Config, system properties and environment
     *                 variables, such as {@code Map.of("eventsourcing.persistence", "sqlite")}; when a
     *                 {@link io.eventsourcing.system.Runner} builds the application, with the runner's settings
     * @throws io.eventsourcing.config.ConfigurationException naming the key if a value is invalid, naming the
     *                               table, both classes and the key to set if the database's tables belong to
     *                               another application class of the same simple name, or naming
     *                               {@value Settings#CIPHER_KEY} if another master key wrapped the data keys stored
     * @throws IllegalStateException naming the class and key if a runner builds the application and these settings
     *                               set one of the runner's keys to another value
     */
    public Application(Map<String, String> settings) {
        Class<?> type = applicationClassOf(getClass());
        this.name = type.getSimpleName();
        this.lifecycle = new Lifecycle(name);
        this.settings = Settings.forApplication(type, RunnerSettings.apply(getClass(), settings));
        this.factory = InfrastructureFactory.create(this.settings);
        ApplicationRecorder recorder;
        try {
            recorder = this instanceof Tracks ? factory.processRecorder() : factory.applicationRecorder();
            this.eventStore = new EventStore(factory.mapper(), recorder);
            eventStore.mapper().checkMasterKey();
            this.telemetry = Telemetry.of(name);
            if (telemetry != null) {
                ApplicationRecorder status = recorder;
                telemetry.recorder(() -> {
                    RecorderStatus now = status.status(STATUS_TIMEOUT);
                    if (!now.available()) {
                        throw new IllegalStateException(now.problem().orElse(""));
                    }
                    return now.waiting();
                });
            }
            this.snapshottingIntervals = Map.copyOf(snapshottingIntervals());
            snapshottingIntervals.forEach((aggregate, interval) -> {
                if (interval < 1) {
                    throw new IllegalArgumentException("The snapshotting interval of " + aggregate.getName() + " in "
                            + name + " must be 1 or more, was " + interval);
                }
            });
            this.snapshots = this.settings.getBoolean(Settings.SNAPSHOTTING, false) || !snapshottingIntervals.isEmpty()
                    ? factory.snapshotRecorder() : null;
        } catch (RuntimeException e) {
            try {
                factory.close();    // tables of another application, a bad interval: keep no connections open
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.repository = new EventSourcedRepository(eventStore, snapshots, name, lifecycle, telemetry);
        this.notificationLog = new LocalNotificationLog(recorder, SECTION_SIZE, lifecycle, this);
    }

    /**
     * Stores the pending events of the aggregates, all or none, and then forgets them on the aggregates.
     *
     * @throws IntegrityException    if another save of one of these aggregate versions got there first; nothing is
     *                               stored and the aggregates keep their pending events
     * @throws NullPointerException  saying which if the array or one of the aggregates is {@code null}; nothing is
     *                               stored
     * @throws IllegalStateException naming the application if it is closed
     */
    public void save(Aggregate... aggregates) {
        lifecycle.checkOpen();
        if (aggregates == null) {
            throw new NullPointerException("Cannot save: the aggregates are null");
        }
        AggregateAccess access = AggregateAccess.get();
        List<DomainEvent> events;
        if (aggregates.length == 1) {
            events = access.pendingEvents(nonNull(aggregates, 0));
        } else {
            events = new ArrayList<>();
            for (int i = 0; i < aggregates.length; i++) {
                events.addAll(access.pendingEvents(nonNull(aggregates, i)));
            }
        }
        if (events.isEmpty()) {
            return;
        }
        if (telemetry == null) {
            store(aggregates, events);
            return;
        }
        telemetry.save(aggregates, events.size()).run(() -> {
            store(aggregates, events);
            return null;
        });
    }

    private void store(Aggregate[] aggregates, List<DomainEvent> events) {
        AggregateAccess access = AggregateAccess.get();
        List<StoredEvent> stored = eventStore.put(events);
        for (Aggregate aggregate : aggregates) {
            int saved = access.pendingEvents(aggregate).size();
            access.clearPendingEvents(aggregate, saved);
            if (!snapshottingIntervals.isEmpty()) {
                snapshotIfDue(aggregate, saved);
            }
        }
        saved(stored);
    }

    private static Aggregate nonNull(Aggregate[] aggregates, int i) {
        Aggregate aggregate = aggregates[i];
        if (aggregate == null) {
            throw new NullPointerException("Cannot save: aggregate %d of the %d given is null"
                    .formatted(i + 1, aggregates.length));
        }
        return aggregate;
    }

    /**
     * Which aggregate classes to snapshot automatically, every how many events: after a save that takes an aggregate
     * of such a class past a multiple of its interval, the application snapshots it. Called once, by the
     * constructor, before the subclass's fields are set: return constants. None by default.
     *
     * <pre>{@code
     * @Override protected Map<Class<? extends Aggregate>, Integer> snapshottingIntervals() {
     *     return Map.of(Dog.class, 50);
     * }
     * }</pre>
     */
    protected Map<Class<? extends Aggregate>, Integer> snapshottingIntervals() {
        return Map.of();
    }

    /**
     * Stores a snapshot of the aggregate as it is now, so that the repository rebuilds it from the snapshot and
     * the events after it. The snapshot holds every instance field (not static, not transient), as JSON-B writes
     * it. Taking it again at the same version changes nothing.
     *
     * @throws IllegalStateException           if snapshotting is off ({@value Settings#SNAPSHOTTING}), naming the field if
     *                                         JSON-B cannot write one, or naming the application if it is closed
     * @throws AggregateNotFoundException      naming the id if there is no such aggregate
     */
    public void takeSnapshot(UUID id) {
        lifecycle.checkOpen();
        snapshot(repository.get(id));
    }

    /**
     * Stores a snapshot of the aggregate as it was at the version; see {@link #takeSnapshot(UUID)}.
     *
     * @throws AggregateVersionNotFoundException if the aggregate's last version is below it
     */
    public void takeSnapshot(UUID id, int version) {
        lifecycle.checkOpen();
        snapshot(repository.get(id, version));
    }

    private void snapshotIfDue(Aggregate aggregate, int saved) {
        Integer interval = snapshottingIntervals.get(aggregate.getClass());
        if (interval != null && aggregate.version() / interval > (aggregate.version() - saved) / interval) {
            try {
                snapshot(aggregate);
            } catch (RuntimeException e) {
                // The save stands: a missing snapshot costs replaying events, not correctness.
                LOG.log(System.Logger.Level.WARNING, "Cannot snapshot " + aggregate + " in " + name + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private void snapshot(Aggregate aggregate) {
        if (snapshots == null) {
            throw new IllegalStateException("Application " + name + " takes no snapshots: set " + Settings.SNAPSHOTTING
                    + "=true, or name the aggregate class in snapshottingIntervals()");
        }
        try {
            snapshots.insertSnapshot(eventStore.mapper().toStoredSnapshot(aggregate),
                    AggregateAccess.get().subjects(aggregate));
        } catch (IntegrityException alreadyTaken) {
            // a snapshot of this version exists: it holds the same state
        }
    }

    /**
     * Forgets a subject of personal data: deletes its data key and stores a {@link SubjectForgotten} event, in one
     * transaction, after deleting the snapshots that hold its personal data (in a transaction before that one, unless
     * a JTA transaction is active, which both join; should the second fail, the snapshots stay deleted, which costs a
     * rebuild from the events). From then on every {@link io.eventsourcing.domain.PersonalData} value of that subject, in every
     * event, reads as {@code null} (or the replacement its component names); aggregates rebuild, and the notification
     * log keeps every event, so that projections learn of it and delete what they derived. Forgetting a subject
     * again stores another {@code SubjectForgotten}; personal data saved after forgetting gets a new key. In a process
     * application's policy, {@link io.eventsourcing.system.ProcessingEvent#forget} forgets with the notification's
     * tracking instead: this method commits on its own.
     *
     * @throws IllegalStateException naming the recorder if the persistence keeps no data keys, or naming the
     *                               application if it is closed
     * @throws IntegrityException    if the same subject is being forgotten concurrently: nothing is stored
     */
    public void forget(UUID subjectId) {
        lifecycle.checkOpen();
        Objects.requireNonNull(subjectId, "subjectId");
        forgetting(List.of(subjectId));
        ForgottenSubject forgotten = ForgottenSubject.forgotten(repository, subjectId);
        AggregateAccess access = AggregateAccess.get();
        List<DomainEvent> events = access.pendingEvents(forgotten);
        List<StoredEvent> stored = eventStore.forget(List.of(subjectId), events);
        access.clearPendingEvents(forgotten, events.size());
        saved(stored);
    }

    /** Checks the subjects' ids, then deletes the snapshots that hold their personal data. */
    private void forgetting(List<UUID> subjectIds) {
        subjectIds.forEach(SubjectKeys::forgettable);
        if (snapshots != null) {
            // First: a snapshot is a cache, and its deletion harmless should the rest fail.
            snapshots.deleteSnapshots(subjectIds);
        }
    }

    /**
     * Wraps every data key that a previous master key ({@value Settings#CIPHER_PREVIOUS_KEYS}) wrapped anew under
     * the master key ({@value Settings#CIPHER_KEY}), in batches, without reading or writing an event. Once it has run,
     * the previous keys are no longer needed to read personal data; they are still needed for states they encrypted
     * whole ({@value Settings#CIPHER_ENCRYPT_STATES}). Safe to run while the application saves and forgets, and
     * again.
     *
     * @return how many keys were wrapped anew
     * @throws io.eventsourcing.config.ConfigurationException naming {@value Settings#CIPHER_KEY} if it is not set
     * @throws IllegalStateException naming the subject if neither the master key nor a previous one unwraps its
     *                               key, or naming the application if it is closed
     */
    public int rewrapDataKeys() {
        lifecycle.checkOpen();
        return eventStore.mapper().rewrapDataKeys();
    }

    /** Runs the save listeners, if any, once the save of these events has committed. */
    private void saved(List<StoredEvent> events) {
        SaveListener[] listeners = saveListeners;
        if (listeners.length > 0) {
            eventStore.recorder().afterCommit(() -> {
                for (SaveListener listener : listeners) {     // an array: no iterator
                    listener.saved(events);
                }
            });
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

    /**
     * Releases the application's infrastructure (database connections). Afterwards every operation (save, the
     * repository, the notification log, snapshots) throws {@link IllegalStateException} naming the application;
     * closing it again does nothing.
     */
    @Override
    public void close() {
        if (lifecycle.close()) {
            if (telemetry != null) {
                telemetry.close();
            }
            factory.close();
        }
    }

    /**
     * The application's class, whose simple name is its name: skipping anonymous classes and generated subclasses
     * (proxies).
     */
    private static Class<?> applicationClassOf(Class<?> type) {
        Class<?> c = type;
        while (c.getSuperclass() != null && c != Application.class
                && (c.isAnonymousClass() || c.isSynthetic() || c.getName().contains("$$"))) {
            c = c.getSuperclass();
        }
        return c;
    }
}
