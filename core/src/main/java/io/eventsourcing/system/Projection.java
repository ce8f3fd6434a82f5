package io.eventsourcing.system;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.internal.RunnerSettings;
import io.eventsourcing.application.internal.Telemetry;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.ProjectionRecorder;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.serialization.Mapper;
import io.eventsourcing.system.internal.OnFailure;
import io.eventsourcing.system.internal.PolicyType;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A read model that follows applications' notification logs and writes what their events say into tables the user
 * owns (or, in memory, fields): a view to query, such as a list of dogs. Its {@link Policy} methods take the event
 * record and a {@link ProjectionContext}; what they write with the context's connection commits in one transaction
 * with the tracking record of the notification, so each notification changes the view exactly once, and the
 * projection resumes after the last one it tracked.
 *
 * <pre>{@code
 * public class DogList extends Projection {
 *     public DogList(Map<String, String> settings) { super(settings); }
 *     @Policy void on(Dog.Registered e, ProjectionContext context) throws SQLException {
 *         try (var insert = context.connection().prepareStatement("insert into dog_list (id, name) values (?, ?)")) {
 *             insert.setString(1, context.event().originatorId().toString());
 *             insert.setString(2, e.name());
 *             insert.executeUpdate();
 *         }
 *     }
 *     @Override protected void clear(Connection connection) throws SQLException {
 *         try (var delete = connection.createStatement()) { delete.executeUpdate("delete from dog_list"); }
 *     }
 * }
 *
 * DogList view = new DogList(settings);              // its tracking table in its own database
 * view.follow(school);
 * view.pullAndProcess("DogSchool");                  // or a runner, or the container
 * view.waitFor("DogSchool", school.notificationLog().maxNotificationId(), Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Processes up to {@value Settings#BATCH_SIZE} notifications (100 by default) in one transaction. If a policy
 * fails, the batch rolls back and its notifications are processed one at a time, so those before the failing one
 * commit, and {@link ProcessingException} names the projection, the application followed, the notification, its
 * topic and aggregate. In memory there is nothing to roll back: notifications are processed one at a time, one
 * handler at a time. Configured like an application: its name is its class's simple name, and
 * {@code eventsourcing.DogList.*} keys set its own values. Thread-safe: one pull at a time.
 */
public abstract class Projection implements Follower, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Projection.class.getName());
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How often {@link #waitFor} reads the tracking, for what another instance of this projection processed. */
    private static final long WAIT_POLL_MILLIS = 100;

    private final String name;
    private final Settings settings;
    private final PolicyType policies;
    private final InfrastructureFactory factory;
    private final ProjectionRecorder recorder;
    private final int batchSize;
    private final int pollInterval;
    private final OnFailure onFailure;
    /** Its spans and metrics, or {@code null} without OpenTelemetry (no API, or no SDK). */
    private final Telemetry telemetry;
    private final Map<String, Leader> leaders = new ConcurrentHashMap<>();
    /** The position each leader's processing reached in this instance; guarded by {@link #progress}. */
    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final Map<String, ProcessingException> failures = new ConcurrentHashMap<>();
    /** One pull, or rebuild, at a time: the view is changed by one handler at a time. */
    private final ReentrantLock processing = new ReentrantLock();
    private volatile boolean closed;
    private volatile boolean tablesCreated;

    /** A projection configured from MicroProfile Config, or system properties and environment variables. */
    protected Projection() {
        this(Map.of());
    }

    /**
     * @param settings values that take precedence over MicroProfile Config, system properties and environment
     *                 variables, such as {@code Map.of("eventsourcing.persistence", "sqlite")}: where the view and
     *                 its tracking are
     * @throws IllegalStateException naming the class and method if a policy breaks a rule
     * @throws io.eventsourcing.config.ConfigurationException naming the key if a value is invalid
     */
    protected Projection(Map<String, String> settings) {
        Class<?> type = getClass();
        this.name = type.getSimpleName();
        this.policies = PolicyType.of(type);
        this.settings = Settings.forApplication(type, RunnerSettings.apply(type, settings));
        this.batchSize = this.settings.getInt(Settings.BATCH_SIZE, 100, 1, 100_000);
        this.pollInterval = this.settings.getInt(Settings.POLL_INTERVAL, 1000, 0, 86_400_000);
        this.onFailure = OnFailure.of(this.settings);
        this.factory = InfrastructureFactory.create(this.settings);
        try {
            this.recorder = factory.projectionRecorder();
            this.telemetry = Telemetry.of(name);
        } catch (RuntimeException e) {
            try {
                factory.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The log of a followed application, and the mapper that reads its events. */
    private record Leader(String name, NotificationLog log, Mapper mapper) {
    }

    /** @return the projection's name: its class's simple name, used for its settings and its tracking */
    @Override
    public final String name() {
        return name;
    }

    /** @return the settings this projection was configured with */
    public final Settings settings() {
        return settings;
    }

    /** @return {@value Settings#POLL_INTERVAL}: milliseconds between looks for new notifications, 0 for never */
    @Override
    public int pollInterval() {
        return pollInterval;
    }

    /**
     * Follows the application's notification log, from the notification after the last one this projection tracked
     * of it. Call {@link #pullAndProcess} (or let a runner or the container) to process what is new.
     *
     * @throws IllegalStateException naming both, the tracked position and the leader's last notification id if this
     *                               projection has tracked the leader beyond its log (they are not over the same
     *                               store, or the leader's store was reset)
     */
    @Override
    public void follow(Application leader) {
        checkOpen();
        createTablesOnce();
        Leader followed = new Leader(leader.name(), leader.notificationLog(), leader.eventStore().mapper());
        long position = recorder.maxTrackingId(followed.name());
        checkPosition(followed, position, followed.log().maxNotificationId());
        leaders.put(followed.name(), followed);
        if (telemetry != null) {
            telemetry.follow(followed.name(), () -> position(followed.name()), followed.log()::maxNotificationId);
        }
    }

    /**
     * Processes, in order and in batches, the notifications of the followed application that this projection has a
     * policy for and has not processed yet.
     *
     * @param leaderName the {@linkplain Application#name() name} of a followed application
     * @return how many notifications were processed
     * @throws IllegalArgumentException if this projection does not follow one of that name
     * @throws ProcessingException      naming the notification if a policy failed: what the notifications before it
     *                                  changed is committed, nothing of it, and the next pull starts with it again
     * @throws IllegalStateException    if this projection is closed, or has tracked the leader beyond its log
     */
    @Override
    public int pullAndProcess(String leaderName) {
        Leader leader = leader(leaderName);
        try {
            int processed = pull(leader, null);
            failures.remove(leaderName);
            return processed;
        } catch (ProcessingException e) {
            failures.put(leaderName, e);
            throw e;
        }
    }

    @Override
    public Optional<ProcessingException> failure(String leaderName) {
        return Optional.ofNullable(failures.get(leaderName));
    }

    @Override
    public List<DeadLetter> deadLetters(String leaderName) {
        checkOpen();
        return recorder.selectDeadLetters(leaderName);
    }

    @Override
    public int retryDeadLetters(String leaderName) {
        Leader leader = leader(leaderName);
        processing.lock();
        try {
            int processed = 0;
            for (DeadLetter letter : recorder.selectDeadLetters(leaderName)) {
                List<Notification> found = leader.log().select(letter.notificationId(), 1, letter.notificationId(),
                        policies.topics());
                if (!found.isEmpty()) {
                    Notification notification = found.get(0);
                    try {
                        recorder.process(List.of(new Tracking(leaderName + OnFailure.RETRIED, notification.id())),
                                connection -> handle(leader, found, connection));
                    } catch (ProcessingException e) {
                        LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; kept as a dead letter", e);
                        continue;
                    } catch (IntegrityException e) {
                        // Processed again before, and the letter was left: only the letter remains to remove.
                    }
                    processed++;
                }
                recorder.deleteDeadLetter(leaderName, letter.notificationId());
            }
            return processed;
        } finally {
            processing.unlock();
        }
    }

    /** @return the highest notification id of the application of that name that this projection has processed */
    @Override
    public long position(String leaderName) {
        checkOpen();
        return recorder.maxTrackingId(leaderName);
    }

    /**
     * Waits until this projection (this instance, or another over the same tracking) has processed the
     * application's notifications up to that id: the read-your-writes of a query after a command, as in
     * {@code view.waitFor("DogSchool", school.notificationLog().maxNotificationId(), Duration.ofSeconds(5))}.
     * Someone must be processing: a runner, the container, or a call of {@link #pullAndProcess}.
     *
     * @throws TimeoutException     naming the projection, the application, the id and the position reached, if it
     *                              is not processed within the timeout
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public void waitFor(String leaderName, long notificationId, Duration timeout)
            throws TimeoutException, InterruptedException {
        checkOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long reached = positions.getOrDefault(leaderName, 0L);
            if (reached >= notificationId) {
                return;
            }
            reached = recorder.maxTrackingId(leaderName);
            if (reached >= notificationId) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(("%s has not processed notification %d of %s within %d ms: it reached"
                        + " notification %d").formatted(name, notificationId, leaderName, timeout.toMillis(), reached));
            }
            synchronized (progress) {
                if (positions.getOrDefault(leaderName, 0L) < notificationId) {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left,
                            TimeUnit.MILLISECONDS.toNanos(WAIT_POLL_MILLIS)));
                }
            }
        }
    }

    /**
     * Rebuilds the view from the start: removes this projection's tracking and, with {@link #clear}, the view, in
     * one transaction, then processes the followed applications' logs from their first notification, logging
     * progress every 5 s (processed and total, notifications per second, time left).
     *
     * @return how many notifications were processed
     * @throws IllegalStateException if {@link #clear} is not overridden
     */
    public int rebuild() {
        checkOpen();
        createTablesOnce();
        processing.lock();
        try {
            recorder.reset(this::clear);
            positions.clear();
            int processed = 0;
            for (Leader leader : leaders.values()) {
                processed += pull(leader, new Progress(leader.name(), leader.log().maxNotificationId()));
            }
            return processed;
        } finally {
            processing.unlock();
        }
    }

    /**
     * Creates the view's tables if they do not exist, in a transaction, once, before this projection first follows,
     * queries or rebuilds (not in the constructor, so it may read the subclass's fields). Does nothing by default.
     *
     * @param connection the transaction's connection, or {@code null} in memory
     */
    protected void createTables(Connection connection) throws Exception {
    }

    /**
     * Reads the view: on a connection of its database (the caller's JTA transaction's if one is active), or in
     * memory with {@code null}, one at a time with the policies, so that a query never sees half of a change.
     *
     * @return what the query returned
     * @throws RuntimeException what the query threw (a checked exception wrapped)
     */
    protected final <T> T query(ProjectionRecorder.Query<T> query) {
        checkOpen();
        createTablesOnce();
        return recorder.query(query);
    }

    /**
     * Clears the view before a {@link #rebuild()}: deletes its rows, in the transaction that removes the tracking
     * (or, in memory, resets its fields). Override it to rebuild; by default it refuses, so that a rebuild never
     * processes the logs again into a view that still holds what they said.
     *
     * @param connection the transaction's connection, or {@code null} in memory
     */
    protected void clear(Connection connection) throws Exception {
        throw new IllegalStateException("Cannot rebuild " + name + ": override clear(Connection) to delete what the"
                + " view holds, in the transaction that removes its tracking");
    }

    /** Releases the projection's infrastructure (its connections); afterwards its operations throw. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (telemetry != null) {
                telemetry.close();
            }
            factory.close();
        }
    }

    private void createTablesOnce() {
        if (!tablesCreated) {
            synchronized (this) {
                if (!tablesCreated) {
                    recorder.run(this::createTables);
                    tablesCreated = true;
                }
            }
        }
    }

    private Leader leader(String leaderName) {
        checkOpen();
        Leader leader = leaders.get(leaderName);
        if (leader == null) {
            throw new IllegalArgumentException(name + " does not follow " + leaderName + "; it follows "
                    + leaders.keySet());
        }
        return leader;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Projection " + name + " is closed");
        }
    }

    private void checkPosition(Leader leader, long position, long last) {
        if (position > last) {
            throw new IllegalStateException(("%s has processed %s up to notification %d, but the log of %s ends at"
                    + " notification %d: %s's tracking and %s's events are not over the same store (%s stores its"
                    + " events elsewhere, or its store was reset). Configure both over the store the tracking was"
                    + " made with, or rebuild %s").formatted(name, leader.name(), position, leader.name(), last,
                    name, leader.name(), leader.name(), name));
        }
    }

    /**
     * Pulls pages of up to a batch of notifications and processes each page in one transaction, tracking from the
     * position after the last one tracked up to the page's last notification, or, when the page holds all the log
     * has for this projection's topics, up to the log's last notification (so that the position reaches the
     * leader's last id even where the last notifications are of other topics). Another instance that processed from
     * the same position first makes the tracking conflict: then this one reads the position again.
     */
    private int pull(Leader leader, Progress rebuilding) {
        processing.lock();
        try {
            int processed = 0;
            long position = recorder.maxTrackingId(leader.name());
            long last = 0;
            boolean look = true;
            while (true) {
                checkOpen();
                if (look) {         // the log's end: read again only once the pages have reached the last one read
                    last = leader.log().maxNotificationId();
                    checkPosition(leader, position, last);
                    if (last == position) {
                        return processed;
                    }
                }
                List<Notification> page = leader.log().select(position + 1, batchSize, last, policies.topics());
                long upTo = page.size() < batchSize ? last : page.get(page.size() - 1).id();
                try {
                    process(leader, position, upTo, page);
                } catch (IntegrityException e) {
                    position = recorder.maxTrackingId(leader.name());     // another instance was first
                    look = true;
                    continue;
                }
                processed += page.size();
                position = upTo;
                look = position == last;
                reached(leader.name(), position);
                if (rebuilding != null) {
                    rebuilding.processed(processed, position);
                }
            }
        } finally {
            processing.unlock();
        }
    }

    /** {@link #commit}, in a span when there is telemetry. */
    private void process(Leader leader, long position, long upTo, List<Notification> page) {
        Telemetry.processBatch(telemetry, leader.name(), position + 1, upTo, page.size(),
                () -> commit(leader, position, upTo, page));
    }

    /**
     * Processes the notifications after {@code position} up to {@code upTo}: in one transaction if the recorder
     * rolls back; if that fails, or in memory, one transaction per notification.
     */
    private void commit(Leader leader, long position, long upTo, List<Notification> page) {
        if (recorder.transactional() && page.size() > 1) {
            try {
                recorder.process(Tracking.ofBatch(leader.name(), position, upTo),
                        connection -> handle(leader, page, connection));
                return;
            } catch (IntegrityException e) {
                throw e;
            } catch (RuntimeException e) {
                // Rolled back (a policy failed, or the commit: a JPA flush in a container's transaction): again one
                // at a time, so that those before the failing one commit.
            }
        }
        long from = position;
        for (int i = 0; i < page.size(); i++) {
            Notification notification = page.get(i);
            long to = i == page.size() - 1 ? upTo : notification.id();
            List<Tracking> tracking = Tracking.ofBatch(leader.name(), from, to);
            try {
                recorder.process(tracking, connection -> handle(leader, List.of(notification), connection));
            } catch (ProcessingException e) {
                if (onFailure == OnFailure.STOP) {
                    throw e;
                }
                recorder.insertDeadLetter(tracking, OnFailure.deadLetter(leader.name(), notification, e));
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; skipped (" + Settings.ON_FAILURE
                        + "=skip), kept as a dead letter", e);
            }
            from = to;
            reached(leader.name(), to);
        }
        if (page.isEmpty()) {
            recorder.process(Tracking.ofBatch(leader.name(), position, upTo), connection -> { });
        }
    }

    /**
     * Runs the policies on the notifications, then the statements they batched ({@link ProjectionContext#batch}),
     * on the transaction's connection.
     *
     * @throws ProcessingException naming the notification whose policy failed, or the last one if a batched
     *                             statement failed
     */
    private void handle(Leader leader, List<Notification> notifications, Connection connection) {
        ProjectionContext.Batches batches = new ProjectionContext.Batches();
        try {
            for (Notification notification : notifications) {
                try {
                    DomainEvent event = leader.mapper().toDomainEvent(notification.storedEvent());
                    policies.handle(this, event.payload(), new ProjectionContext(event,
                            new Tracking(leader.name(), notification.id()), connection, batches));
                } catch (Exception e) {
                    throw failure(leader, notification, e);
                }
            }
            try {
                batches.execute();
            } catch (SQLException e) {
                throw failure(leader, notifications.get(notifications.size() - 1), e);
            }
        } finally {
            batches.close();
        }
    }

    private ProcessingException failure(Leader leader, Notification notification, Exception e) {
        return new ProcessingException(name, leader.name(), notification.id(),
                "%s could not process notification %d of %s (%s of aggregate %s, version %d): %s".formatted(
                        name, notification.id(), leader.name(), notification.topic(),
                        notification.originatorId(), notification.originatorVersion(), e.getMessage()), e);
    }

    private void reached(String leaderName, long position) {
        synchronized (progress) {
            positions.merge(leaderName, position, Math::max);
            progress.notifyAll();
        }
    }

    /** A rebuild's progress, logged every 5 s. */
    private final class Progress {
        private final String leaderName;
        private final long total;
        private final long start = System.nanoTime();
        private long lastLog = start;

        Progress(String leaderName, long total) {
            this.leaderName = leaderName;
            this.total = total;
        }

        void processed(int processed, long position) {
            long now = System.nanoTime();
            if (now - lastLog < PROGRESS_NANOS) {
                return;
            }
            lastLog = now;
            double seconds = (now - start) / 1e9;
            double rate = position / Math.max(seconds, 1e-9);
            long left = (long) Math.max(0, (total - position) / Math.max(rate, 1e-9));
            LOG.log(System.Logger.Level.INFO, "Rebuilding %s from %s: notification %d of %d (%d processed),"
                    + " %.0f notifications/s, about %d s left".formatted(name, leaderName, position, total, processed,
                    rate, left));
        }
    }
}
