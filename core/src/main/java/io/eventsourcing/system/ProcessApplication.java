package io.eventsourcing.system;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.internal.ApplicationAccess;
import io.eventsourcing.application.internal.Tracks;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.serialization.Mapper;
import io.eventsourcing.system.internal.PolicyType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An application that follows the notification logs of other applications and processes their events with its
 * {@link Policy} methods, each notification exactly once: what a policy {@linkplain ProcessingEvent#collect
 * collects} is stored in one transaction with a {@link Tracking} record of the notification, and a follower resumes
 * after the last notification it tracked.
 *
 * <pre>{@code
 * public class Counters extends ProcessApplication {
 *     @Policy void on(Dog.TrickAdded e, ProcessingEvent processing) {
 *         UUID id = Counter.idFor(e.trick());
 *         Counter counter = repository().contains(id) ? repository().get(id) : new Counter(e.trick());
 *         counter.increment();
 *         processing.collect(counter);
 *     }
 * }
 * }</pre>
 *
 * <p>A {@link Runner} builds the applications of an {@link EventDrivenSystem} and prompts the followers after each
 * save of the applications they follow; {@link #follow} and {@link #pullAndProcess} do the same by hand. Needs a
 * persistence whose recorder is a {@link ProcessRecorder} (all of this library's are). Thread-safe: pulls of one
 * followed application run one at a time.
 */
public abstract class ProcessApplication extends Application implements Tracks, Follower {

    /** How many notifications one select reads. */
    private static final int PAGE_SIZE = 100;
    /** How many times a notification is processed again after another instance stored the same versions first. */
    private static final int MAX_ATTEMPTS = 10;

    private final PolicyType policies = PolicyType.of(getClass());
    private final ProcessRecorder recorder;
    private final Map<String, Leader> leaders = new ConcurrentHashMap<>();
    private final int pollInterval;

    /** A process application configured from MicroProfile Config, or system properties and environment variables. */
    protected ProcessApplication() {
        this(Map.of());
    }

    /**
     * @param settings values that take precedence over MicroProfile Config, system properties and environment
     *                 variables
     * @throws IllegalStateException naming the class and method if a policy breaks a rule
     */
    protected ProcessApplication(Map<String, String> settings) {
        super(settings);
        if (!(eventStore().recorder() instanceof ProcessRecorder process)) {
            throw new IllegalStateException("Process application " + name() + " needs a ProcessRecorder to track what"
                    + " it processed; its persistence gives " + eventStore().recorder().getClass().getName());
        }
        this.recorder = process;
        this.pollInterval = settings().getInt(Settings.POLL_INTERVAL, 1000, 0, 86_400_000);
    }

    /** The log of a followed application, and the mapper that reads its events. */
    private record Leader(String name, NotificationLog log, Mapper mapper) {
    }

    /**
     * Follows the application's notification log, from the notification after the last one this application
     * tracked of it. Call {@link #pullAndProcess} to process what is new.
     *
     * @throws IllegalStateException naming both applications, the tracked position and the leader's last notification
     *                               id if this application has tracked the leader beyond its log: they are not over
     *                               the same store (the leader stores elsewhere, or its store was reset)
     */
    @Override
    public void follow(Application leader) {
        ApplicationAccess.get().checkOpen(this);
        Leader followed = new Leader(leader.name(), leader.notificationLog(), leader.eventStore().mapper());
        checkPosition(followed, recorder.maxTrackingId(followed.name()));
        leaders.put(followed.name(), followed);
    }

    /**
     * Processes, in order, the notifications of the followed application that this application has a policy for
     * and has not processed yet. A pull that finds nothing new also checks that this application has not tracked the
     * leader beyond its log (another instance of it, over the same tracking, follows a leader elsewhere).
     *
     * @param leaderName the {@linkplain Application#name() name} of a followed application
     * @return how many notifications were processed
     * @throws IllegalArgumentException    if this application does not follow one of that name
     * @throws ProcessingException         naming the notification if a policy failed: nothing of that processing was
     *                                     stored, and the next pull starts with that notification again
     * @throws IllegalStateException       naming both applications, the tracked position and the leader's last
     *                                     notification id if this application has tracked the leader beyond its
     *                                     log; naming the application if this one or the leader is closed
     */
    @Override
    public int pullAndProcess(String leaderName) {
        ApplicationAccess.get().checkOpen(this);
        Leader leader = leaders.get(leaderName);
        if (leader == null) {
            throw new IllegalArgumentException(name() + " does not follow " + leaderName + "; it follows "
                    + leaders.keySet());
        }
        synchronized (leader) {
            int processed = 0;
            long position = recorder.maxTrackingId(leaderName);
            boolean first = true;
            while (true) {
                List<Notification> page = leader.log().select(position + 1, PAGE_SIZE, Long.MAX_VALUE,
                        policies.topics());
                if (page.isEmpty()) {
                    if (first) {
                        checkPosition(leader, position);
                    }
                    return processed;
                }
                first = false;
                for (Notification notification : page) {
                    if (process(leader, notification)) {
                        processed++;
                    }
                    position = notification.id();
                }
            }
        }
    }

    /**
     * A position beyond the leader's last notification means the tracking and the leader's log are not over the
     * same store: the follower would wait, without a word, for notifications it has "processed" already.
     */
    private void checkPosition(Leader leader, long position) {
        if (position == 0) {
            return;
        }
        long last = leader.log().maxNotificationId();
        if (position > last) {
            throw new IllegalStateException(("%s has processed %s up to notification %d, but the log of %s ends at"
                    + " notification %d: %s's tracking and %s's events are not over the same store (%s stores its"
                    + " events elsewhere, or its store was reset). Configure both over the store the tracking was"
                    + " made with, or remove %s's tracking of %s to process %s's log from the start")
                    .formatted(name(), leader.name(), position, leader.name(), last, name(), leader.name(),
                            leader.name(), name(), leader.name(), leader.name()));
        }
    }

    /** @return {@value #POLL_INTERVAL}: milliseconds between looks for new notifications, 0 for never */
    @Override
    public int pollInterval() {
        return pollInterval;
    }

    /** @return the highest notification id of the application of that name that this one has processed, or 0 */
    @Override
    public long position(String leaderName) {
        return recorder.maxTrackingId(leaderName);
    }

    /**
     * Runs the policy and stores what it collected with the tracking record. If the store refuses them because
     * another instance of this application stored the same aggregate versions first, runs the policy again on what
     * is stored now; if that instance tracked this notification, leaves it.
     *
     * @return whether this call processed it (rather than another instance of this application, first)
     */
    private boolean process(Leader leader, Notification notification) {
        Tracking tracking = new Tracking(leader.name(), notification.id());
        for (int attempt = 1; ; attempt++) {
            ProcessingEvent processing;
            List<DomainEvent> events;
            try {
                DomainEvent event = leader.mapper().toDomainEvent(notification.storedEvent());
                processing = new ProcessingEvent(event, tracking);
                policies.handle(this, event.payload(), processing);
                events = processing.pendingEvents();
            } catch (Exception e) {
                throw new ProcessingException(name(), leader.name(), notification.id(),
                        "%s could not process notification %d of %s (%s of aggregate %s, version %d): %s".formatted(
                                name(), notification.id(), leader.name(), notification.topic(),
                                notification.originatorId(), notification.originatorVersion(), e.getMessage()), e);
            }
            List<StoredEvent> stored;
            try {
                stored = eventStore().put(events, tracking);
            } catch (IntegrityException e) {
                if (recorder.hasTracking(leader.name(), notification.id())) {
                    return false;       // another instance of this application processed it meanwhile
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                continue;               // another instance changed an aggregate this policy changes: again
            }
            processing.clearPendingEvents();
            if (!stored.isEmpty()) {
                ApplicationAccess.get().saved(this, stored);
            }
            return true;
        }
    }
}
