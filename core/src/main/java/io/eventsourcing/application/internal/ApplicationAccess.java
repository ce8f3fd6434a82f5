package io.eventsourcing.application.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.persistence.StoredEvent;

import java.util.List;
import java.util.UUID;

/**
 * Lets the library's other packages reach the parts of {@link Application} that users must not call: the listeners
 * a runner or a container registers to prompt followers after a save, and whether it is closed. {@code Application}
 * installs the only instance when it is initialised.
 */
public abstract class ApplicationAccess {

    private static volatile ApplicationAccess instance;

    public static void install(ApplicationAccess access) {
        instance = access;
    }

    public static ApplicationAccess get() {
        ApplicationAccess access = instance;
        if (access == null) {
            try {
                Class.forName(Application.class.getName(), true, Application.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            access = instance;
        }
        return access;
    }

    /**
     * Runs the listener after each save of the application that stored events, with those events, once the save has
     * committed ({@link io.eventsourcing.persistence.AggregateRecorder#afterCommit}): on the saving thread when the
     * save ran its own transaction, on the committing thread after the caller's JTA transaction commits, never for a
     * transaction that rolls back.
     */
    public abstract void addSaveListener(Application application, SaveListener listener);

    /** Stops running the listener. */
    public abstract void removeSaveListener(Application application, SaveListener listener);

    /** Runs the application's save listeners, after these events were stored other than by {@code save}. */
    public abstract void saved(Application application, List<StoredEvent> events);

    /** @throws IllegalStateException naming the application if it is closed */
    public abstract void checkOpen(Application application);

    /**
     * Before forgetting subjects: checks their ids, and deletes the application's snapshots that hold their personal
     * data, if it takes snapshots.
     *
     * @throws IllegalArgumentException naming the subject if its id is reserved
     */
    public abstract void forgetting(Application application, List<UUID> subjectIds);

    /** @return the application's spans and metrics, or {@code null} without OpenTelemetry */
    public abstract Telemetry telemetry(Application application);
}
