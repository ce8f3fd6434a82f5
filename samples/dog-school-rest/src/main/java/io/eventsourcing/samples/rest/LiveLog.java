package io.eventsourcing.samples.rest;

import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.container.Container;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.Subscription;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.event.Shutdown;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dog school's notification log, live, for {@code GET /log/stream}: each client (a Server-Sent Events sink) is
 * sent the notifications from its start on, then each new one as it is stored, as an event whose id is the
 * notification's and whose data is {@code {"id":4,"originatorId":"...","originatorVersion":2,"topic":"..."}}.
 *
 * <p>Each client has a thread of its own (the container's, {@link Container#threadFactory}), so that one that does
 * not read delays no other. It wakes when the log says that there may be new notifications
 * ({@link NotificationLog#subscribe}: after a save in this process, or pushed by PostgreSQL after another process's),
 * reads what its client has not been sent yet, {@value #BATCH} at a time, and sends it; and every
 * {@value #TICK_SECONDS} s it sends a comment, which finds a client that went away, and reads what a missed push left
 * unread. A client whose send fails or takes over {@value #SEND_SECONDS} s is dropped. At shutdown, before the
 * applications close, the threads stop and the clients' streams are closed. Thread-safe.
 */
@ApplicationScoped
public class LiveLog {

    /** At most this many notifications are read at a time for a client. */
    static final int BATCH = 100;
    /** How often, in seconds, each client is sent a comment (and the log read), whether or not anything was saved. */
    static final int TICK_SECONDS = 15;
    /** How long, in seconds, sending to a client may take before the client is dropped. */
    static final int SEND_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger(LiveLog.class.getName());

    @Inject
    @EventSourced(DogSchool.class)
    NotificationLog log;

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private Subscription subscription;
    private boolean stopped;

    /**
     * Sends the client the log from notification {@code start} on, and then what is stored, until it goes away or the
     * application stops. Sends a comment first, on the caller's thread (the request's, before its resource method
     * returns), so that the client knows it is connected before any notification: sent from the client's own thread,
     * that first write raced Quarkus REST's own first write of the response, which then failed now and then.
     */
    public void add(SseEventSink sink, Sse sse, long start) {
        Client client = new Client(sink, sse, start);
        if (!client.sent(sse.newEventBuilder().comment("notifications from " + start).build())) {
            return;
        }
        synchronized (this) {
            if (stopped) {
                client.drop();
                return;
            }
            if (subscription == null) {
                subscription = log.subscribe(() -> clients.forEach(Client::wake));
            }
            clients.add(client);
            client.start();
        }
    }

    void shutdown(@Observes(notifyObserver = Reception.IF_EXISTS) Shutdown shutdown) {
        stop();
    }

    /**
     * Stops the clients' threads and closes their streams: when the container shuts down (before the applications
     * close), or at the latest when this bean is destroyed.
     */
    @PreDestroy
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (subscription != null) {
            subscription.close();
        }
        clients.forEach(client -> client.thread.shutdownNow());     // interrupts a send that waits
        for (Client client : clients) {
            try {
                client.thread.awaitTermination(SEND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
        }
        clients.clear();
    }

    /** A client: its sink, its thread, and the id of the next notification to send it (read on its thread only). */
    private final class Client {

        final SseEventSink sink;
        final Sse sse;
        final ScheduledThreadPoolExecutor thread;
        /** Whether a send is queued: a wake-up meanwhile folds into it. */
        final AtomicBoolean queued = new AtomicBoolean();
        long next;

        Client(SseEventSink sink, Sse sse, long start) {
            this.sink = sink;
            this.sse = sse;
            this.next = start;
            this.thread = new ScheduledThreadPoolExecutor(1, Container.current().threadFactory("dog-school-live-log"));
            thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        }

        void start() {
            thread.execute(this::send);
            thread.scheduleWithFixedDelay(() -> {
                if (sent(sse.newEventBuilder().comment("still here").build())) {
                    send();
                }
            }, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
        }

        /** There may be new notifications: queues a send unless one is queued already. */
        void wake() {
            if (queued.compareAndSet(false, true)) {
                try {
                    thread.execute(() -> {
                        queued.set(false);      // before reading: a wake-up from now on queues another send
                        send();
                    });
                } catch (RejectedExecutionException dropped) {
                    queued.set(false);
                }
            }
        }

        /** Sends what the client was not sent yet. */
        private void send() {
            if (sink.isClosed()) {      // the client went away: dropped without reading the log for it
                drop();
                return;
            }
            List<Notification> batch;
            do {
                try {
                    batch = log.select(next, BATCH);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot read the dog school's notifications from " + next
                            + " for a live log client (trying again at the next save or in " + TICK_SECONDS + " s): "
                            + e.getMessage(), e);
                    return;
                }
                for (Notification n : batch) {
                    if (!sent(event(n))) {
                        return;
                    }
                    next = n.id() + 1;
                }
            } while (batch.size() == BATCH);
        }

        private OutboundSseEvent event(Notification n) {
            return sse.newEventBuilder()
                    .id(Long.toString(n.id()))
                    .data(Json.createObjectBuilder()
                            .add("id", n.id())
                            .add("originatorId", n.originatorId().toString())
                            .add("originatorVersion", n.originatorVersion())
                            .add("topic", n.topic())
                            .build().toString())
                    .build();
        }

        /**
         * @return whether the event reached the client within {@value #SEND_SECONDS} s; if not (it closed the
         *         connection or does not read, or the application stops), the client is dropped
         */
        private boolean sent(OutboundSseEvent event) {
            try {
                sink.send(event).toCompletableFuture().get(SEND_SECONDS, TimeUnit.SECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "Dropped a live log client at notification " + next
                        + ": it took no event within " + SEND_SECONDS + " s");
            } catch (Exception goneAway) {
                // a closed sink throws, or fails the send
                LOG.log(System.Logger.Level.DEBUG, "Dropped a live log client at notification " + next + ": "
                        + goneAway);
            }
            drop();
            return false;
        }

        private void drop() {
            clients.remove(this);
            thread.shutdown();
            close();
        }

        void close() {
            if (!sink.isClosed()) {
                try {
                    sink.close();
                } catch (RuntimeException alreadyClosed) {
                    // nothing more to close
                }
            }
        }
    }
}
