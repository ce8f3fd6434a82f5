package io.eventsourcing.application.internal;

import io.eventsourcing.application.Application;

/**
 * Lets the library's other packages reach the parts of {@link Application} that users must not call: the listeners
 * a runner registers to prompt followers after a save, and whether it is closed. {@code Application} installs the
 * only instance when it is initialised.
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

    /** Runs the listener on the saving thread after each save of the application that stored events. */
    public abstract void addSaveListener(Application application, Runnable listener);

    /** Stops running the listener. */
    public abstract void removeSaveListener(Application application, Runnable listener);

    /** Runs the application's save listeners, after events were stored other than by {@code save}. */
    public abstract void saved(Application application);

    /** @throws IllegalStateException naming the application if it is closed */
    public abstract void checkOpen(Application application);
}
