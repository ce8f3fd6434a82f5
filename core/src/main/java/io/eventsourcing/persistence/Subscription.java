package io.eventsourcing.persistence;

/**
 * A listener's subscription to a recorder's new notifications ({@link ApplicationRecorder#subscribe}); closing it
 * stops the calls. Thread-safe; closing twice does nothing.
 */
public interface Subscription extends AutoCloseable {

    /**
     * Stops calling the listener: once this returns, no call starts and none is still running (except the one
     * that closes it from within the listener). Throws nothing.
     */
    @Override
    void close();
}
