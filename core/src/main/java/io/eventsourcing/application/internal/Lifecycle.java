package io.eventsourcing.application.internal;

/**
 * Whether an application is closed, checked by each operation of the application, its repository and its
 * notification log: a closed application says so, rather than work on (in memory) or fail in its driver (a closed
 * pool). One volatile read per operation. Thread-safe.
 */
public final class Lifecycle {

    private final String applicationName;
    private volatile boolean closed;

    public Lifecycle(String applicationName) {
        this.applicationName = applicationName;
    }

    /** @throws IllegalStateException naming the application if it is closed */
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Application " + applicationName + " is closed");
        }
    }

    /** @return whether this call closed it: {@code false} if it was closed already */
    public synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }
}
