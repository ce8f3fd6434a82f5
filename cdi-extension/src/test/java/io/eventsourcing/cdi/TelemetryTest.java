package io.eventsourcing.cdi;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a container that offers an {@code OpenTelemetry} bean (as MicroProfile Telemetry containers and Quarkus do), an
 * application's spans go to it, not to {@code GlobalOpenTelemetry}: here the SDK with an in-memory exporter.
 */
@EnableWeld
class TelemetryTest {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    /** The container's OpenTelemetry. */
    @ApplicationScoped
    public static class Telemetry {

        @Produces
        @ApplicationScoped
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build();
        }

        void close(@Disposes OpenTelemetry openTelemetry) {
            ((OpenTelemetrySdk) openTelemetry).close();
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(DogSchool.class, Telemetry.class).build();

    @Inject
    DogSchool school;

    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void the_save_and_get_spans_of_an_application_go_to_the_containers_open_telemetry() {
        SPANS.reset();
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /dogs").startSpan();
        UUID dogId;
        try (Scope ignored = request.makeCurrent()) {
            dogId = school.registerDog("Fido");
            school.getDog(dogId);
        } finally {
            request.end();
        }

        assertThat(SPANS.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactly("DogSchool save", "DogSchool get", "POST /dogs");
        SpanData save = SPANS.getFinishedSpanItems().get(0);
        assertThat(save.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(save.getAttributes().get(AttributeKey.stringKey("eventsourcing.application"))).isEqualTo("DogSchool");
        assertThat(save.getAttributes().get(AttributeKey.stringKey("eventsourcing.aggregate.type"))).isEqualTo("Dog");
        assertThat(save.getAttributes().get(AttributeKey.longKey("eventsourcing.events"))).isEqualTo(1);
        assertThat(SPANS.getFinishedSpanItems().get(1).getAttributes()
                .get(AttributeKey.stringKey("eventsourcing.aggregate.id"))).isEqualTo(dogId.toString());
        assertThat(GlobalOpenTelemetry.isSet()).as("the container's, not the global one").isFalse();
    }
}
