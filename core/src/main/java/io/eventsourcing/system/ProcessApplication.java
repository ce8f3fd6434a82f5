package io.eventsourcing.system;

import io.eventsourcing.application.AggregateNotFoundException;
import io.eventsourcing.application.Application;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.application.internal.ApplicationAccess;
import io.eventsourcing.application.internal.ForgottenSubject;
import io.eventsourcing.application.internal.Telemetry;
import io.eventsourcing.application.internal.Tracks;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.serialization.Mapper;
import io.eventsourcing.system.internal.OnFailure;
import io.eventsourcing.system.internal.PolicyType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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

    private static final System.Logger LOG = System.getLogger(ProcessApplication.class.getName());
    /** How many aggregates a process application keeps between batches, at most. */
    private static final int CACHED = 1_000;
    /** How many times a batch is processed again after another writer stored versions it stores first. */
    private static final int MAX_ATTEMPTS = 10;

    private final PolicyType policies = PolicyType.of(getClass());
    private final ProcessRecorder recorder;
    private final Map<String, Leader> leaders = new ConcurrentHashMap<>();
    private final Map<String, ProcessingException> failures = new ConcurrentHashMap<>();
    private final int pollInterval;
    private final int batchSize;
    private final OnFailure onFailure;
    /**
     * Aggregates the last batches left as stored, by id, at most {@value #CACHED} (the oldest go first): a batch takes
     * one out and brings it up to date with the events stored after its version (one select, no replay), and puts
     * it back only if the batch is stored and it has no pending events. One that holds personal data is kept only as
     * long as the mapper keeps data keys ({@link Mapper#dataKeyCacheNanos}, from when it was read), so that a subject
     * another process forgot reads as forgotten in it as soon as in a read, and none is kept across a forget of this
     * application. Guarded by itself.
     */
    private final Map<UUID, Kept> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Kept> eldest) {
            return size() > CACHED;
        }
    };
    /** How many times this application forgot: a batch that began before a forget keeps no personal data. */
    private long forgets;
    /** How long an aggregate that holds personal data is kept, in nanoseconds: 0 for not at all. */
    private final long personalNanos;
    /** The ids of the aggregates the last stored batch kept, which the next batch checks first; guarded by cache. */
    private Set<UUID> recent = Set.of();
    /** The batch the calling thread processes, whose aggregates the repository returns first; or none. */
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();

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
        this.batchSize = settings().getInt(Settings.BATCH_SIZE, 100, 1, 100_000);
        this.onFailure = OnFailure.of(settings());
        this.personalNanos = eventStore().mapper().dataKeyCacheNanos();
    }

    /** A kept aggregate, and when what it holds was read from the store ({@link System#nanoTime}). */
    private record Kept(Aggregate aggregate, long read) {
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
        checkPosition(followed, recorder.maxTrackingId(followed.name()), followed.log().maxNotificationId());
        leaders.put(followed.name(), followed);
        Telemetry telemetry = ApplicationAccess.get().telemetry(this);
        if (telemetry != null) {
            telemetry.follow(followed.name(), () -> position(followed.name()), followed.log()::maxNotificationId);
        }
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
        try {
            int processed = pull(leader);
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

    /**
     * Pulls pages of up to a batch of notifications and processes each page in one transaction, as
     * {@link Projection} does: tracked from the notification after the position up to the page's last, or the log's
     * last when the page holds all the log has for this application's topics. Another instance that processed from
     * the same position first makes the tracking conflict: then this one reads the position again. Another writer
     * that stored a version this batch stores makes it process the batch again, on what is stored now.
     */
    private int pull(Leader leader) {
        synchronized (leader) {
            int processed = 0;
            int attempts = 0;
            long position = recorder.maxTrackingId(leader.name());
            long last = 0;
            boolean look = true;
            while (true) {
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
                    long now = recorder.maxTrackingId(leader.name());
                    if (now == position && ++attempts == MAX_ATTEMPTS) {
                        throw e;
                    }
                    position = now;
                    look = true;
                    continue;
                }
                attempts = 0;
                processed += page.size();
                position = upTo;
                look = position == last;
            }
        }
    }

    /** {@link #commit}, in a span when there is telemetry. */
    private void process(Leader leader, long position, long upTo, List<Notification> page) {
        Telemetry.processBatch(ApplicationAccess.get().telemetry(this), leader.name(), position + 1, upTo, page.size(),
                () -> commit(leader, position, upTo, page));
    }

    /**
     * Processes the notifications after {@code position} up to {@code upTo} in one transaction; if a policy fails on
     * one of several, again one transaction per notification, so that those before it are stored.
     */
    private void commit(Leader leader, long position, long upTo, List<Notification> page) {
        if (page.size() > 1) {
            try {
                store(leader, Tracking.ofBatch(leader.name(), position, upTo), page);
                return;
            } catch (ProcessingException e) {
                // Nothing was stored: again one at a time.
            }
        }
        long from = position;
        for (int i = 0; i < page.size(); i++) {
            long to = i == page.size() - 1 ? upTo : page.get(i).id();
            List<Tracking> tracking = Tracking.ofBatch(leader.name(), from, to);
            try {
                store(leader, tracking, List.of(page.get(i)));
            } catch (ProcessingException e) {
                if (onFailure == OnFailure.STOP) {
                    throw e;
                }
                recorder.insertDeadLetter(tracking, OnFailure.deadLetter(leader.name(), page.get(i), e));
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; skipped (" + Settings.ON_FAILURE
                        + "=skip), kept as a dead letter", e);
            }
            from = to;
        }
        if (page.isEmpty()) {
            store(leader, Tracking.ofBatch(leader.name(), position, upTo), page);
        }
    }

    @Override
    public List<DeadLetter> deadLetters(String leaderName) {
        ApplicationAccess.get().checkOpen(this);
        return recorder.selectDeadLetters(leaderName);
    }

    @Override
    public int retryDeadLetters(String leaderName) {
        ApplicationAccess.get().checkOpen(this);
        Leader leader = leaders.get(leaderName);
        if (leader == null) {
            throw new IllegalArgumentException(name() + " does not follow " + leaderName + "; it follows "
                    + leaders.keySet());
        }
        synchronized (leader) {
            int processed = 0;
            for (DeadLetter letter : recorder.selectDeadLetters(leaderName)) {
                List<Notification> found = leader.log().select(letter.notificationId(), 1, letter.notificationId(),
                        policies.topics());
                if (!found.isEmpty()) {
                    Notification notification = found.get(0);
                    try {
                        store(leader, List.of(new Tracking(leaderName + OnFailure.RETRIED, notification.id())),
                                found);
                    } catch (ProcessingException e) {
                        LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; kept as a dead letter", e);
                        continue;
                    } catch (IntegrityException e) {
                        if (!recorder.hasTracking(leaderName + OnFailure.RETRIED, notification.id())) {
                            throw e;    // another writer changed an aggregate first: at the next retry
                        }
                    }
                    processed++;
                }
                recorder.deleteDeadLetter(leaderName, letter.notificationId());
            }
            return processed;
        }
    }

    /** Runs the policies on the notifications and stores what they collected with the batch's tracking. */
    private void store(Leader leader, List<Tracking> tracking, List<Notification> notifications) {
        Batch current = new Batch(checkKept());
        List<UUID> forgotten = new ArrayList<>(0);
        batch.set(current);
        try {
            for (Notification notification : notifications) {
                try {
                    DomainEvent event = leader.mapper().toDomainEvent(notification.storedEvent());
                    ProcessingEvent processing = new ProcessingEvent(event,
                            new Tracking(leader.name(), notification.id()));
                    policies.handle(this, event.payload(), processing);
                    current.take(processing.aggregates());
                    for (UUID subjectId : processing.forgotten()) {
                        if (!forgotten.contains(subjectId)) {
                            forgotten.add(subjectId);
                        }
                    }
                } catch (Exception e) {
                    throw new ProcessingException(name(), leader.name(), notification.id(),
                            "%s could not process notification %d of %s (%s of aggregate %s, version %d): %s"
                                    .formatted(name(), notification.id(), leader.name(), notification.topic(),
                                            notification.originatorId(), notification.originatorVersion(),
                                            e.getMessage()), e);
                }
            }
        } finally {
            batch.remove();
        }
        List<StoredEvent> stored;
        if (forgotten.isEmpty()) {
            stored = eventStore().put(current.events, tracking);
        } else {
            ApplicationAccess.get().forgetting(this, forgotten);
            for (UUID subjectId : forgotten) {
                current.take(List.of(ForgottenSubject.forgotten(current, subjectId)));
            }
            stored = eventStore().forget(forgotten, current.events, tracking);
            forgot();
        }
        current.clearPendingEvents();
        current.keep();
        if (!stored.isEmpty()) {
            ApplicationAccess.get().saved(this, stored);
        }
    }

    /**
     * Which of the aggregates the last batch kept are still as stored, in one select of their last versions (rows of
     * other processes too), so that the batch's policies use them without a select each. What is stored after this
     * look is as if stored after the batch read: a write conflicts (and the batch is processed again), a read sees
     * the aggregate as it was when the batch began.
     *
     * @return the version each such aggregate is at
     */
    private Map<UUID, Integer> checkKept() {
        Map<UUID, Integer> kept = new HashMap<>();
        synchronized (cache) {
            for (UUID id : recent) {
                Kept aggregate = cache.get(id);
                if (aggregate != null) {
                    kept.put(id, aggregate.aggregate().version());
                }
            }
        }
        if (kept.isEmpty()) {
            return kept;
        }
        Map<UUID, Integer> last = eventStore().recorder().selectLastVersions(kept.keySet());
        kept.entrySet().removeIf(entry -> !entry.getValue().equals(last.get(entry.getKey())));
        return kept;
    }

    /**
     * {@inheritDoc} Also drops the aggregates it keeps that hold personal data, once the forget commits.
     */
    @Override
    public void forget(UUID subjectId) {
        super.forget(subjectId);
        forgot();
    }

    /**
     * After a forget: drops the kept aggregates that hold personal data, now and once the forget commits (JTA), and
     * counts it, so that no batch that began before keeps any: under the cache's lock, so that a batch keeps them
     * before the drop, or sees the count after it.
     */
    private void forgot() {
        Runnable drop = () -> {
            synchronized (cache) {
                forgets++;
                AggregateAccess access = AggregateAccess.get();
                cache.values().removeIf(kept -> access.holdsPersonalData(kept.aggregate()));
            }
        };
        drop.run();
        eventStore().recorder().afterCommit(drop);
    }

    /**
     * The repository; while a policy runs, one that returns first the aggregates that the batch's policies before
     * it collected (their new events are stored with the batch), so that each sees what the others did.
     */
    @Override
    public Repository repository() {
        Batch current = batch.get();
        return current != null ? current : super.repository();
    }

    /**
     * What the policies of one batch collected: the aggregates, and their new events in the order the policies
     * produced them. On the processing thread only.
     */
    private final class Batch implements Repository {
        /** The kept aggregates checked as stored when the batch began, at these versions. */
        private final Map<UUID, Integer> asStored;
        private final Map<UUID, Aggregate> aggregates = new LinkedHashMap<>();
        /**
         * Aggregates {@link #contains} read and no policy has got yet: the next {@link #get} of one returns it, so
         * that the usual {@code contains(id) ? get(id) : new ...} reads it once.
         */
        private final Map<UUID, Aggregate> read = new HashMap<>();
        /** Every aggregate the batch's policies got, to keep for the next batches once it is stored. */
        private final List<Aggregate> got = new ArrayList<>();
        /** How many of each aggregate's pending events are in {@link #events} already. */
        private final Map<Aggregate, Integer> taken = new IdentityHashMap<>();
        private final List<DomainEvent> events = new ArrayList<>();

        /** When what each aggregate got holds was read from the store: for those that hold personal data. */
        private final Map<Aggregate, Long> readAt = new IdentityHashMap<>();
        /** How many times the application had forgotten when the batch began. */
        private final long forgetsAtStart;

        Batch(Map<UUID, Integer> asStored) {
            this.asStored = asStored;
            synchronized (cache) {
                forgetsAtStart = forgets;
            }
        }

        void take(List<Aggregate> collected) {
            AggregateAccess access = AggregateAccess.get();
            for (Aggregate aggregate : collected) {
                aggregates.put(aggregate.id(), aggregate);
                List<DomainEvent> pending = access.pendingEvents(aggregate);
                int before = taken.getOrDefault(aggregate, 0);
                events.addAll(pending.subList(before, pending.size()));
                taken.put(aggregate, pending.size());
            }
        }

        void clearPendingEvents() {
            AggregateAccess access = AggregateAccess.get();
            taken.forEach(access::clearPendingEvents);
        }

        /**
         * Once the batch is stored: keeps the aggregates it collected and those it got that are as stored (no
         * pending events: a policy may change an aggregate without collecting it); those that hold personal data
         * only if no forget of this application came after the batch began.
         */
        void keep() {
            AggregateAccess access = AggregateAccess.get();
            Set<UUID> kept = new HashSet<>();
            long now = System.nanoTime();
            synchronized (cache) {
                boolean personal = personalNanos > 0 && forgets == forgetsAtStart;
                for (Aggregate aggregate : got) {
                    if (access.pendingEvents(aggregate).isEmpty()) {
                        keep(aggregate, personal, now, kept);
                    }
                }
                for (Aggregate aggregate : aggregates.values()) {      // collected, new ones too: stored now
                    keep(aggregate, personal, now, kept);
                }
                recent = kept;
            }
        }

        private void keep(Aggregate aggregate, boolean personal, long now, Set<UUID> kept) {
            if (personal || !AggregateAccess.get().holdsPersonalData(aggregate)) {
                cache.put(aggregate.id(), new Kept(aggregate, readAt.getOrDefault(aggregate, now)));
                kept.add(aggregate.id());
            }
        }

        /**
         * The aggregate as stored now: the one kept from an earlier batch, brought up to date with the events stored
         * after its version, else read and replayed.
         *
         * @throws AggregateNotFoundException if there is none
         */
        private Aggregate load(UUID id) {
            Kept taken;
            synchronized (cache) {
                taken = cache.remove(id);
            }
            long now = System.nanoTime();
            Aggregate kept = taken == null || (now - taken.read() > personalNanos
                    && AggregateAccess.get().holdsPersonalData(taken.aggregate())) ? null : taken.aggregate();
            Aggregate aggregate;
            if (kept != null) {
                if (!Integer.valueOf(kept.version()).equals(asStored.get(id))) {
                    AggregateAccess access = AggregateAccess.get();
                    for (DomainEvent event : eventStore().get(id, EventRange.ALL.after(kept.version()))) {
                        access.apply(kept, event);
                    }
                }
                aggregate = kept;
                readAt.put(aggregate, taken.read());
            } else {
                aggregate = ProcessApplication.super.repository().get(id);
                readAt.put(aggregate, now);
            }
            got.add(aggregate);
            return aggregate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <A extends Aggregate> A get(UUID id) {
            Aggregate collected = aggregates.get(id);
            if (collected != null) {
                return (A) collected;
            }
            Aggregate found = read.remove(id);
            return found != null ? (A) found : (A) load(id);
        }

        @Override
        public <A extends Aggregate> A get(UUID id, int version) {
            return ProcessApplication.super.repository().get(id, version);
        }

        @Override
        public boolean contains(UUID id) {
            if (aggregates.containsKey(id) || read.containsKey(id)) {
                return true;
            }
            try {
                read.put(id, load(id));
                return true;
            } catch (AggregateNotFoundException e) {
                return false;
            }
        }
    }

    /**
     * A position beyond the leader's last notification means the tracking and the leader's log are not over the
     * same store: the follower would wait, without a word, for notifications it has "processed" already.
     */
    private void checkPosition(Leader leader, long position, long last) {
        if (position > last) {
            throw new IllegalStateException(("%s has processed %s up to notification %d, but the log of %s ends at"
                    + " notification %d: %s's tracking and %s's events are not over the same store (%s stores its"
                    + " events elsewhere, or its store was reset). Configure both over the store the tracking was"
                    + " made with, or remove %s's tracking of %s to process %s's log from the start")
                    .formatted(name(), leader.name(), position, leader.name(), last, name(), leader.name(),
                            leader.name(), name(), leader.name(), leader.name()));
        }
    }

    /** @return {@value Settings#POLL_INTERVAL}: milliseconds between looks for new notifications, 0 for never */
    @Override
    public int pollInterval() {
        return pollInterval;
    }

    /** @return the highest notification id of the application of that name that this one has processed, or 0 */
    @Override
    public long position(String leaderName) {
        return recorder.maxTrackingId(leaderName);
    }
}
