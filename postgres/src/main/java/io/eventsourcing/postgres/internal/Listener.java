package io.eventsourcing.postgres.internal;

import io.eventsourcing.container.Container;
import io.eventsourcing.jdbc.spi.Connections;
import io.eventsourcing.persistence.Subscription;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Tells a recorder's subscribers that new notifications may be readable in its events table, whichever process
 * stored them: it LISTENs on the table's channel, to which every numbering sends a NOTIFY that the server delivers
 * when the numbering commits ({@link PostgresRecorder}). Why a class of its own: one session and one thread per
 * recorder, however many subscribe, opened by the first subscription and closed with the last, or with the
 * recorder. The thread calls every subscriber once per wake-up, however many numberings it heard of. If the session
 * drops (a server restart, {@code pg_terminate_backend}), it logs a warning naming the table, listens again after 1
 * s, doubling up to 30 s, and then calls every subscriber once: what was stored meanwhile, polling found or will
 * find. Thread-safe.
 */
final class Listener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Listener.class.getName());
    /** One wait for notifications at most: the longest the thread takes to notice it should stop. */
    private static final int WAIT_MILLIS = 250;
    /** How long the session may be quiet before it is checked (a connection can die without a word). */
    private static final long CHECK_MILLIS = 30_000;
    private static final int CHECK_TIMEOUT_SECONDS = 5;
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 30_000;
    /** How long closing waits for the thread to stop; it stops by itself later if it is still connecting. */
    private static final long STOP_MILLIS = 5_000;
    /** The start of the listening session's {@code application_name}; the channel follows. */
    static final String APPLICATION_NAME = "eventsourcing LISTEN ";

    private final Connections connections;
    private final String table;
    private final String channel;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Guarded by this, as are the fields below. */
    private ThreadFactory threads;
    /** The running thread, or {@code null}. */
    private Worker worker;
    private boolean closed;

    /**
     * @param table   the events table, named in messages
     * @param channel the table's channel ({@link PostgresDialect#channel})
     */
    Listener(Connections connections, String table, String channel) {
        this.connections = connections;
        this.table = table;
        this.channel = channel;
    }

    /** Adds the subscriber, and starts listening if it is the first. */
    Subscription subscribe(Runnable listener) {
        Subscriber subscriber = new Subscriber(listener);
        synchronized (this) {
            if (closed) {
                return () -> { };        // the recorder is closed: nothing will be stored through it
            }
            subscribers.add(subscriber);
            if (worker == null) {
                if (threads == null) {
                    threads = Container.current().threadFactory("eventsourcing-listener " + table);
                }
                try {
                    worker = new Worker();
                } catch (LinkageError e) {
                    // The driver is not visible to this module's class loader (a server's module): followers poll.
                    LOG.log(System.Logger.Level.WARNING, "Cannot listen for new notifications in " + table
                            + ": the PostgreSQL driver is not visible to the library (" + e + "); followers in this"
                            + " process find what other processes store by polling only");
                    subscribers.remove(subscriber);
                    return () -> { };
                }
                worker.thread = threads.newThread(worker);
                worker.thread.start();
            }
        }
        return subscriber;
    }

    /** Stops calling the subscribers, and stops listening. */
    @Override
    public void close() {
        Worker stopping;
        synchronized (this) {
            closed = true;
            subscribers.clear();
            stopping = worker;
            worker = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    private void remove(Subscriber subscriber) {
        Worker stopping = null;
        synchronized (this) {
            subscribers.remove(subscriber);
            if (subscribers.isEmpty() && worker != null) {
                stopping = worker;
                worker = null;
            }
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    /** Calls every subscriber once. */
    private void callSubscribers() {
        for (Subscriber subscriber : subscribers) {
            subscriber.call();
        }
    }

    /** A listener, called under its own lock so that once it is closed no call is running. */
    private final class Subscriber implements Subscription {
        private final Runnable listener;
        private boolean closed;

        Subscriber(Runnable listener) {
            this.listener = listener;
        }

        synchronized void call() {
            if (closed) {
                return;
            }
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A listener to new notifications in " + table + " failed: "
                        + e, e);
            }
        }

        @Override
        public void close() {
            synchronized (this) {           // waits for a call in progress
                if (closed) {
                    return;
                }
                closed = true;
            }
            remove(this);
        }
    }

    /** The listening thread: one session at a time, until stopped. */
    private final class Worker implements Runnable {
        private volatile boolean stopped;
        private Thread thread;

        @Override
        public void run() {
            long retryMillis = FIRST_RETRY_MILLIS;
            while (!stopping()) {
                Connection connection = null;
                boolean listening = false;
                try {
                    connection = connections.openSession();
                    PGConnection session = unwrap(connection);
                    if (session == null) {
                        return;
                    }
                    listen(connection);
                    listening = true;
                    retryMillis = FIRST_RETRY_MILLIS;
                    callSubscribers();      // what was stored before this session listened
                    long quiet = System.nanoTime();
                    while (!stopping()) {
                        PGNotification[] heard = session.getNotifications(WAIT_MILLIS);
                        if (heard != null && heard.length > 0) {
                            callSubscribers();
                            quiet = System.nanoTime();
                        } else if (System.nanoTime() - quiet > TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                            if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
                                throw new SQLException("the session did not answer within " + CHECK_TIMEOUT_SECONDS
                                        + " s");
                            }
                            quiet = System.nanoTime();
                        }
                    }
                    unlisten(connection);       // a DataSource's connection goes back to its pool
                } catch (SQLException | RuntimeException e) {
                    if (stopping()) {
                        return;
                    }
                    LOG.log(System.Logger.Level.WARNING, (listening ? "Lost the session listening for new"
                            + " notifications in " : "Cannot listen for new notifications in ") + table + " (LISTEN "
                            + channel + "): " + e.getMessage() + "; listening again in " + retryMillis
                            + " ms (followers poll meanwhile)", e);
                    pause(retryMillis);
                    retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
                } finally {
                    closeQuietly(connection);
                }
            }
        }

        private boolean stopping() {
            return stopped || Thread.currentThread().isInterrupted();
        }

        /** @return the driver's connection, or {@code null} (logged) if it is not this driver's */
        private PGConnection unwrap(Connection connection) throws SQLException {
            try {
                if (connection.isWrapperFor(PGConnection.class)) {
                    return connection.unwrap(PGConnection.class);
                }
            } catch (LinkageError e) {
                // the driver is not visible to this module's class loader: as below
            }
            LOG.log(System.Logger.Level.WARNING, "Cannot listen for new notifications in " + table + " (LISTEN "
                    + channel + "): the connections are not the PostgreSQL driver's that this library sees ("
                    + connection.getClass().getName() + "); followers in this process find what other processes"
                    + " store by polling only");
            return null;
        }

        private void listen(Connection connection) throws SQLException {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);     // notifications arrive only outside a transaction
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET application_name = '" + APPLICATION_NAME + channel + "'");
                statement.execute("LISTEN " + channel);
            }
        }

        private void unlisten(Connection connection) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("UNLISTEN " + channel);
                statement.execute("RESET application_name");
            } catch (SQLException e) {
                // it is closed next
            }
        }

        private void closeQuietly(Connection connection) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Cannot close the session listening on " + channel, e);
                }
            }
        }

        private synchronized void pause(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            try {
                for (long left; !stopped && (left = deadline - System.nanoTime()) > 0; ) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops the thread; waits for it unless called on it. */
        void stop() {
            synchronized (this) {
                stopped = true;
                notifyAll();
            }
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(STOP_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
