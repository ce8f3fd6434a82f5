package io.eventsourcing.telemetry;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.internal.Telemetry;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The spans and metrics of saves, gets and followers' batches, through the OpenTelemetry SDK's in-memory exporter
 * and reader, installed as {@code GlobalOpenTelemetry} (as a plain-Java user or the Java agent would).
 */
class TelemetryTest {

    public static class Dog extends Aggregate {
        public record Registered(String name) {
        }

        public record TrickAdded(String trick) {
        }

        final List<String> tricks = new ArrayList<>();

        public Dog(String name) {
            trigger(new Registered(name));
        }

        private Dog() {
        }

        void addTrick(String trick) {
            trigger(new TrickAdded(trick));
        }

        @Apply
        void on(Registered e) {
        }

        @Apply
        void on(TrickAdded e) {
            tricks.add(e.trick());
        }
    }

    static class DogSchool extends Application {
    }

    static class TrickCount extends Projection {
        int tricks;

        @Policy
        void on(Dog.TrickAdded e, ProjectionContext context) {
            tricks++;
        }
    }

    public static class Counter extends Aggregate {
        public record Counted() {
        }

        public Counter(UUID id) {
            super(id);
            trigger(new Counted());
        }

        private Counter() {
        }

        @Apply
        void on(Counted e) {
        }
    }

    static class Registrations extends ProcessApplication {
        @Policy
        void on(Dog.Registered e, ProcessingEvent processing) {
            processing.collect(new Counter(UUID.randomUUID()));
        }
    }

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void installSdk() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterEach
    void removeSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
    }

    @Test
    void a_save_is_a_span_in_the_callers_and_its_events_and_duration_are_measured() {
        try (DogSchool school = new DogSchool()) {
            Dog dog = new Dog("Fido");
            dog.addTrick("roll over");
            dog.addTrick("play dead");
            Span request = sdk.getTracer("test").spanBuilder("POST /dogs").startSpan();
            try (Scope ignored = request.makeCurrent()) {
                school.save(dog);
            } finally {
                request.end();
            }

            SpanData save = span("DogSchool save");
            assertThat(save.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(save.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(save.getInstrumentationScopeInfo().getName()).isEqualTo("io.eventsourcing");
            assertThat(save.getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    AttributeKey.stringKey("eventsourcing.application"), "DogSchool",
                    AttributeKey.stringKey("eventsourcing.aggregate.type"), "Dog",
                    AttributeKey.longKey("eventsourcing.events"), 3L));
            assertThat(save.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            Attributes dogs = Attributes.builder().put("eventsourcing.application", "DogSchool")
                    .put("eventsourcing.aggregate.type", "Dog").build();
            assertThat(sum("eventsourcing.events.stored", dogs)).isEqualTo(3);
            MetricData duration = metric("eventsourcing.save.duration");
            assertThat(duration.getUnit()).isEqualTo("s");
            HistogramPointData point = duration.getHistogramData().getPoints().iterator().next();
            assertThat(point.getAttributes()).isEqualTo(dogs);
            assertThat(point.getCount()).isEqualTo(1);
            assertThat(point.getSum()).isPositive().isLessThan(save.getEndEpochNanos() - save.getStartEpochNanos());
        }
    }

    @Test
    void the_transactions_waiting_for_their_ids_are_a_gauge_while_the_application_is_open() {
        Attributes school = Attributes.of(AttributeKey.stringKey("eventsourcing.application"), "DogSchool");
        try (DogSchool ignored = new DogSchool()) {
            // In memory events are numbered as they are stored: none waits (PostgreSQL's count: PostgresNumberingIT).
            assertThat(gauge(List.copyOf(metrics.collectAllMetrics()), "eventsourcing.events.waiting", school))
                    .isEqualTo(0);
        }
        assertThat(metrics.collectAllMetrics())
                .noneMatch(metric -> metric.getName().equals("eventsourcing.events.waiting"));
    }

    @Test
    void a_get_is_a_span_naming_the_aggregate_and_its_version() {
        try (DogSchool school = new DogSchool()) {
            Dog dog = new Dog("Fido");
            dog.addTrick("sit");
            school.save(dog);

            school.repository().get(dog.id());
            UUID missing = UUID.randomUUID();
            assertThatThrownBy(() -> school.repository().get(missing));

            List<SpanData> gets = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("DogSchool get")).toList();
            assertThat(gets).hasSize(2);
            assertThat(gets.get(0).getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    AttributeKey.stringKey("eventsourcing.application"), "DogSchool",
                    AttributeKey.stringKey("eventsourcing.aggregate.id"), dog.id().toString(),
                    AttributeKey.stringKey("eventsourcing.aggregate.type"), "Dog",
                    AttributeKey.longKey("eventsourcing.aggregate.version"), 2L));
            assertThat(gets.get(0).getParentSpanId()).isEqualTo(Span.getInvalid().getSpanContext().getSpanId());
            assertThat(gets.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(gets.get(1).getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
        }
    }

    @Test
    void a_conflict_is_counted_and_its_save_span_fails() {
        try (DogSchool school = new DogSchool()) {
            Dog dog = new Dog("Fido");
            school.save(dog);
            Dog first = school.repository().get(dog.id());
            Dog second = school.repository().get(dog.id());
            first.addTrick("sit");
            second.addTrick("stay");
            school.save(first);

            assertThatThrownBy(() -> school.save(second)).isInstanceOf(IntegrityException.class);

            Attributes dogs = Attributes.builder().put("eventsourcing.application", "DogSchool")
                    .put("eventsourcing.aggregate.type", "Dog").build();
            assertThat(sum("eventsourcing.save.conflicts", dogs)).isEqualTo(1);
            assertThat(sum("eventsourcing.events.stored", dogs)).isEqualTo(2);
            List<SpanData> saves = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("DogSchool save")).toList();
            assertThat(saves).hasSize(3);
            assertThat(saves.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(saves.get(2).getEvents()).singleElement().satisfies(event -> assertThat(event.getAttributes()
                    .get(AttributeKey.stringKey("exception.type"))).isEqualTo(IntegrityException.class.getName()));
            assertThat(metric("eventsourcing.save.duration").getHistogramData().getPoints())
                    .anySatisfy(failed -> assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type")))
                            .isEqualTo(IntegrityException.class.getName()));
        }
    }

    @Test
    void a_projections_batches_are_spans_and_its_lag_and_position_are_gauges() {
        try (DogSchool school = new DogSchool(); TrickCount view = new TrickCount()) {
            Dog dog = new Dog("Fido");
            dog.addTrick("sit");
            dog.addTrick("stay");
            school.save(dog);
            school.save(new Dog("Rex"));
            view.follow(school);

            Attributes pair = Attributes.builder().put("eventsourcing.follower", "TrickCount")
                    .put("eventsourcing.leader", "DogSchool").build();
            List<MetricData> before = List.copyOf(metrics.collectAllMetrics());
            assertThat(gauge(before, "eventsourcing.follower.lag", pair)).isEqualTo(4);
            assertThat(gauge(before, "eventsourcing.follower.position", pair)).isEqualTo(0);

            assertThat(view.pullAndProcess("DogSchool")).isEqualTo(2);

            SpanData batch = span("TrickCount process");
            assertThat(batch.getAttributes().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    AttributeKey.stringKey("eventsourcing.follower"), "TrickCount",
                    AttributeKey.stringKey("eventsourcing.leader"), "DogSchool",
                    AttributeKey.longKey("eventsourcing.notifications"), 2L,
                    AttributeKey.longKey("eventsourcing.notification.first_id"), 1L,
                    AttributeKey.longKey("eventsourcing.notification.last_id"), 4L));
            List<MetricData> after = List.copyOf(metrics.collectAllMetrics());
            assertThat(gauge(after, "eventsourcing.follower.lag", pair)).isEqualTo(0);
            assertThat(gauge(after, "eventsourcing.follower.position", pair)).isEqualTo(4);
        }
        assertThat(metrics.collectAllMetrics()).noneMatch(metric -> metric.getName().startsWith("eventsourcing.follower"));
    }

    @Test
    void a_process_applications_batches_are_spans_and_its_position_is_a_gauge() {
        try (DogSchool school = new DogSchool(); Registrations registrations = new Registrations()) {
            school.save(new Dog("Fido"));
            school.save(new Dog("Rex"));
            registrations.follow(school);

            assertThat(registrations.pullAndProcess("DogSchool")).isEqualTo(2);

            SpanData batch = span("Registrations process");
            assertThat(batch.getAttributes().get(AttributeKey.longKey("eventsourcing.notifications"))).isEqualTo(2);
            assertThat(batch.getAttributes().get(AttributeKey.longKey("eventsourcing.notification.last_id")))
                    .isEqualTo(2);
            Attributes pair = Attributes.builder().put("eventsourcing.follower", "Registrations")
                    .put("eventsourcing.leader", "DogSchool").build();
            assertThat(gauge(List.copyOf(metrics.collectAllMetrics()), "eventsourcing.follower.position", pair))
                    .isEqualTo(2);
        }
    }

    @Test
    void without_an_sdk_there_is_no_telemetry_and_saves_work() {
        GlobalOpenTelemetry.resetForTest();
        assertThat(Telemetry.of("DogSchool")).isNull();
        try (DogSchool school = new DogSchool()) {
            Dog dog = new Dog("Fido");
            school.save(dog);
            assertThat(school.repository().<Dog>get(dog.id()).version()).isEqualTo(1);
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(GlobalOpenTelemetry.isSet()).as("the library leaves the global unset").isFalse();
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No span " + name + " in " + spans.getFinishedSpanItems()));
    }

    private MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(metric -> metric.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No metric " + name));
    }

    private long sum(String name, Attributes attributes) {
        return metric(name).getLongSumData().getPoints().stream()
                .filter(point -> point.getAttributes().equals(attributes)).mapToLong(LongPointData::getValue).sum();
    }

    private static long gauge(List<MetricData> collected, String name, Attributes attributes) {
        return collected.stream().filter(metric -> metric.getName().equals(name))
                .flatMap(metric -> metric.getLongGaugeData().getPoints().stream())
                .filter(point -> point.getAttributes().equals(attributes)).mapToLong(LongPointData::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("No " + name + " of " + attributes));
    }
}
