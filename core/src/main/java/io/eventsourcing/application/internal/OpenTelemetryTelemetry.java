package io.eventsourcing.application.internal;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.persistence.IntegrityException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@link Telemetry} through the OpenTelemetry API; loaded only when the API is on the class path. The attributes of
 * the metrics are built once per application, aggregate class and leader. Containers bring their own version of the
 * API (Payara 6 1.29, Quarkus 3.27 1.44): this calls what 1.29 has, and the histogram's bucket advice (1.32) and
 * {@code GlobalOpenTelemetry.getOrNoop} where the API has them.
 */
final class OpenTelemetryTelemetry extends Telemetry {

    static final AttributeKey<String> APPLICATION = AttributeKey.stringKey("eventsourcing.application");
    static final AttributeKey<String> AGGREGATE_TYPE = AttributeKey.stringKey("eventsourcing.aggregate.type");
    static final AttributeKey<String> AGGREGATE_ID = AttributeKey.stringKey("eventsourcing.aggregate.id");
    static final AttributeKey<Long> AGGREGATE_VERSION = AttributeKey.longKey("eventsourcing.aggregate.version");
    static final AttributeKey<Long> EVENTS = AttributeKey.longKey("eventsourcing.events");
    static final AttributeKey<String> FOLLOWER = AttributeKey.stringKey("eventsourcing.follower");
    static final AttributeKey<String> LEADER = AttributeKey.stringKey("eventsourcing.leader");
    static final AttributeKey<Long> NOTIFICATIONS = AttributeKey.longKey("eventsourcing.notifications");
    static final AttributeKey<Long> FIRST_ID = AttributeKey.longKey("eventsourcing.notification.first_id");
    static final AttributeKey<Long> LAST_ID = AttributeKey.longKey("eventsourcing.notification.last_id");
    /** The semantic conventions' attribute of a failed operation's metrics: the exception's class. */
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The semantic conventions' advice for durations in seconds. */
    private static final List<Double> SECONDS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
            0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private final String name;
    private final String saveSpan;
    private final String getSpan;
    private final String processSpan;
    private final Attributes application;
    private final Tracer tracer;
    private final Meter meter;
    private final LongCounter stored;
    private final DoubleHistogram saveDuration;
    private final LongCounter conflicts;
    /** The attributes of saves of one aggregate class. */
    private final ClassValue<Attributes> byType = new ClassValue<>() {
        @Override
        protected Attributes computeValue(Class<?> type) {
            return application.toBuilder().put(AGGREGATE_TYPE, type.getSimpleName()).build();
        }
    };
    /** The attributes of a follower's batches and gauges of one leader. */
    private final Map<String, Attributes> byLeader = new ConcurrentHashMap<>();
    /** The gauges {@link #follow} registered, by leader, and {@link #recorder}'s under the empty name. */
    private final Map<String, List<ObservableLongGauge>> gauges = new ConcurrentHashMap<>();

    private OpenTelemetryTelemetry(String name, OpenTelemetry openTelemetry) {
        this.name = name;
        this.saveSpan = name + " save";
        this.getSpan = name + " get";
        this.processSpan = name + " process";
        this.application = Attributes.of(APPLICATION, name);
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.meter = openTelemetry.getMeter(SCOPE);
        this.stored = meter.counterBuilder(EVENTS_STORED).setUnit("{event}")
                .setDescription("Events stored by saves").build();
        this.saveDuration = seconds(meter.histogramBuilder(SAVE_DURATION).setUnit("s")
                .setDescription("How long saves took")).build();
        this.conflicts = meter.counterBuilder(SAVE_CONFLICTS).setUnit("{conflict}")
                .setDescription("Saves refused because another save of an aggregate version got there first").build();
    }

    /** The buckets for seconds, where the API takes advice (1.32 and later); else the SDK's default ones. */
    private static DoubleHistogramBuilder seconds(DoubleHistogramBuilder histogram) {
        try {
            return histogram.setExplicitBucketBoundariesAdvice(SECONDS);
        } catch (NoSuchMethodError apiBefore1_32) {
            return histogram;
        }
    }

    /**
     * @param offered the container's {@code OpenTelemetry}, or {@code null}
     * @return telemetry through it, else through {@code GlobalOpenTelemetry}'s if it is set; {@code null} if that is
     *         the no-op one (no SDK)
     */
    static Telemetry create(String name, Object offered) {
        OpenTelemetry openTelemetry = offered instanceof OpenTelemetry container ? container : global();
        if (openTelemetry.getTracerProvider() == TracerProvider.noop()
                && openTelemetry.getMeterProvider() == MeterProvider.noop()) {
            return null;
        }
        return new OpenTelemetryTelemetry(name, openTelemetry);
    }

    /** The global OpenTelemetry if set, without setting it (a user may set it after this). */
    private static OpenTelemetry global() {
        try {
            return GlobalOpenTelemetry.getOrNoop();
        } catch (NoSuchMethodError apiBefore1_52) {
            return GlobalOpenTelemetry.get();
        }
    }

    @Override
    public Operation save(Aggregate[] aggregates, int events) {
        Attributes attributes = aggregates.length == 1 ? byType.get(aggregates[0].getClass()) : types(aggregates);
        Span span = tracer.spanBuilder(saveSpan).setAllAttributes(attributes).setAttribute(EVENTS, (long) events)
                .startSpan();
        return new Save(span, attributes, events);
    }

    /** The attributes of a save of several aggregates: their classes' names, sorted, joined by commas. */
    private Attributes types(Aggregate[] aggregates) {
        TreeSet<String> names = new TreeSet<>();
        for (Aggregate aggregate : aggregates) {
            names.add(aggregate.getClass().getSimpleName());
        }
        return names.size() == 1 ? byType.get(aggregates[0].getClass())
                : application.toBuilder().put(AGGREGATE_TYPE, String.join(",", names)).build();
    }

    @Override
    public Operation get(UUID id) {
        return new Traced(tracer.spanBuilder(getSpan).setAllAttributes(application)
                .setAttribute(AGGREGATE_ID, id.toString()).startSpan());
    }

    @Override
    public Operation process(String leader, long firstId, long lastId, int notifications) {
        return new Traced(tracer.spanBuilder(processSpan).setAllAttributes(leader(leader))
                .setAttribute(NOTIFICATIONS, (long) notifications).setAttribute(FIRST_ID, firstId)
                .setAttribute(LAST_ID, lastId).startSpan());
    }

    private Attributes leader(String leader) {
        return byLeader.computeIfAbsent(leader, l -> Attributes.of(FOLLOWER, name, LEADER, l));
    }

    @Override
    public void follow(String leader, LongSupplier position, LongSupplier last) {
        Attributes attributes = leader(leader);
        List<ObservableLongGauge> registered = List.of(
                meter.gaugeBuilder(FOLLOWER_POSITION).ofLongs().setUnit("{notification}")
                        .setDescription("The id of the leader's last notification the follower processed")
                        .buildWithCallback(measurement -> {
                            try {
                                measurement.record(position.getAsLong(), attributes);
                            } catch (RuntimeException closedOrUnreachable) {
                                // no value this time
                            }
                        }),
                meter.gaugeBuilder(FOLLOWER_LAG).ofLongs().setUnit("{notification}")
                        .setDescription("The leader's last notification id minus the follower's position")
                        .buildWithCallback(measurement -> {
                            try {
                                long reached = position.getAsLong();
                                measurement.record(Math.max(0, last.getAsLong() - reached), attributes);
                            } catch (RuntimeException closedOrUnreachable) {
                                // no value this time
                            }
                        }));
        List<ObservableLongGauge> previous = gauges.put(leader, registered);
        if (previous != null) {
            previous.forEach(ObservableLongGauge::close);
        }
    }

    @Override
    public void recorder(LongSupplier waiting) {
        List<ObservableLongGauge> registered = List.of(meter.gaugeBuilder(EVENTS_WAITING).ofLongs()
                .setUnit("{transaction}")
                .setDescription("Committed transactions whose events wait for their notification ids")
                .buildWithCallback(measurement -> {
                    try {
                        measurement.record(waiting.getAsLong(), application);
                    } catch (RuntimeException unreachable) {
                        // no value this time
                    }
                }));
        List<ObservableLongGauge> previous = gauges.put("", registered);
        if (previous != null) {
            previous.forEach(ObservableLongGauge::close);
        }
    }

    @Override
    public void close() {
        gauges.values().removeIf(registered -> {
            registered.forEach(ObservableLongGauge::close);
            return true;
        });
    }

    /** A span, current from its start to its end. */
    private static class Traced implements Operation {
        private final Span span;
        private final Scope scope;

        Traced(Span span) {
            this.span = span;
            this.scope = span.makeCurrent();
        }

        @Override
        public void end(Aggregate aggregate) {
            scope.close();
            if (aggregate != null) {
                span.setAttribute(AGGREGATE_TYPE, aggregate.getClass().getSimpleName())
                        .setAttribute(AGGREGATE_VERSION, (long) aggregate.version());
            }
            span.end();
        }

        @Override
        public void fail(Throwable failure) {
            scope.close();
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage());
            span.end();
        }
    }

    /** A save: its span, and its events, duration and conflict counted in the metrics. */
    private final class Save extends Traced {
        private final Attributes attributes;
        private final int events;
        private final long start = System.nanoTime();

        Save(Span span, Attributes attributes, int events) {
            super(span);
            this.attributes = attributes;
            this.events = events;
        }

        @Override
        public void end(Aggregate aggregate) {
            saveDuration.record((System.nanoTime() - start) / 1e9, attributes);
            stored.add(events, attributes);
            super.end(aggregate);
        }

        @Override
        public void fail(Throwable failure) {
            saveDuration.record((System.nanoTime() - start) / 1e9,
                    attributes.toBuilder().put(ERROR_TYPE, failure.getClass().getName()).build());
            if (failure instanceof IntegrityException) {
                conflicts.add(1, attributes);
            }
            super.fail(failure);
        }
    }
}
