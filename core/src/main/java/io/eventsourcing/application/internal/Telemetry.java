package io.eventsourcing.application.internal;

import io.eventsourcing.container.Container;
import io.eventsourcing.domain.Aggregate;

import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The spans and metrics of one application or projection, through the OpenTelemetry API: {@link #of} returns
 * {@code null} when the API is not on the class path or no SDK is installed, so that an operation costs one null check
 * then. No OpenTelemetry type appears here: this class loads without the API ({@link OpenTelemetryTelemetry} is loaded
 * only once the API is found).
 *
 * <p>Spans: {@code <Application> save}, {@code <Application> get}, {@code <Follower> process} (a batch of a
 * followed log). Metrics: {@value #EVENTS_STORED}, {@value #SAVE_DURATION}, {@value #SAVE_CONFLICTS},
 * {@value #FOLLOWER_LAG}, {@value #FOLLOWER_POSITION}, {@value #EVENTS_WAITING}. Instrumentation scope {@value #SCOPE}.
 */
public abstract class Telemetry {

    /** The instrumentation scope of the spans and metrics. */
    public static final String SCOPE = "io.eventsourcing";
    /** Counter: events stored by saves. */
    public static final String EVENTS_STORED = "eventsourcing.events.stored";
    /** Histogram, in seconds: how long saves took, failed ones too (with {@code error.type}). */
    public static final String SAVE_DURATION = "eventsourcing.save.duration";
    /** Counter: saves that conflicted with another save of the same aggregate version. */
    public static final String SAVE_CONFLICTS = "eventsourcing.save.conflicts";
    /** Gauge: the leader's last notification id minus the follower's position. */
    public static final String FOLLOWER_LAG = "eventsourcing.follower.lag";
    /** Gauge: the id of the leader's last notification the follower processed. */
    public static final String FOLLOWER_POSITION = "eventsourcing.follower.position";
    /**
     * Gauge: the committed transactions whose events wait for their notification ids (PostgreSQL numbers them after
     * the commit; elsewhere always 0), as the recorder's {@code status} reports them.
     */
    public static final String EVENTS_WAITING = "eventsourcing.events.waiting";

    private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());
    private static final boolean API = apiPresent();

    /**
     * @param name the application's or projection's name
     * @return its telemetry with the container's OpenTelemetry ({@link Container#openTelemetry()}), else
     *         {@code GlobalOpenTelemetry}'s if it is set; {@code null} if there is no OpenTelemetry API, or no SDK
     */
    public static Telemetry of(String name) {
        if (!API) {
            return null;
        }
        try {
            return OpenTelemetryTelemetry.create(name, Container.current().openTelemetry().orElse(null));
        } catch (RuntimeException | LinkageError e) {
            // Telemetry never stops an application: a container's bean that cannot be made yet, an API too old.
            LOG.log(System.Logger.Level.WARNING, "No telemetry for " + name + ": " + e, e);
            return null;
        }
    }

    private static boolean apiPresent() {
        try {
            ClassLoader loader = Telemetry.class.getClassLoader();
            Class.forName("io.opentelemetry.api.OpenTelemetry", false, loader);
            Class.forName("io.opentelemetry.context.Context", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts the span of a save, a child of the current context's span (the caller's: a REST request's), and makes
     * it current until the save ends.
     *
     * @param events how many events the save stores
     */
    public abstract Operation save(Aggregate[] aggregates, int events);

    /** Starts the span of a get of the aggregate, current until it ends. */
    public abstract Operation get(UUID id);

    /**
     * Starts the span of a batch a follower processes, current until it ends.
     *
     * @param firstId       the first notification id of the range the batch tracks
     * @param lastId        the last one
     * @param notifications how many notifications of that range the follower's policies process
     */
    public abstract Operation process(String leader, long firstId, long lastId, int notifications);

    /**
     * Runs a batch a follower processes, in its span ({@link #process}) when there is telemetry.
     *
     * @param telemetry the follower's, or {@code null}
     */
    public static void processBatch(Telemetry telemetry, String leader, long firstId, long lastId, int notifications,
                                    Runnable batch) {
        if (telemetry == null) {
            batch.run();
            return;
        }
        telemetry.process(leader, firstId, lastId, notifications).run(() -> {
            batch.run();
            return null;
        });
    }

    /**
     * Reports the follower's position in the leader's log and its lag ({@code last - position}) as gauges, read when
     * the metrics are collected, until {@link #close()} or the next call for the same leader.
     *
     * @param position the follower's position in the leader's log
     * @param last     the leader's last notification id
     */
    public abstract void follow(String leader, LongSupplier position, LongSupplier last);

    /**
     * Reports, as a gauge read when the metrics are collected, how many committed transactions of the application's
     * recorder wait for their notification ids, until {@link #close()}.
     *
     * @param waiting reads that number; it may throw (the database is down): no value is reported then
     */
    public abstract void recorder(LongSupplier waiting);

    /** Stops reporting the gauges of {@link #follow} and {@link #recorder}. */
    public abstract void close();

    /** A started operation: its span is current on the calling thread until it ends, on that thread. */
    public interface Operation {

        /** @param aggregate the aggregate a get returns, else {@code null} */
        void end(Aggregate aggregate);

        /** Ends it as failed: the span's status is {@code ERROR} and it records the exception. */
        void fail(Throwable failure);

        /**
         * Runs the work in this operation and ends it: with what the work returns if that is an aggregate (a get's),
         * or as failed if the work throws.
         */
        default <T> T run(Supplier<T> work) {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                fail(e);
                throw e;
            }
            end(result instanceof Aggregate aggregate ? aggregate : null);
            return result;
        }
    }
}
