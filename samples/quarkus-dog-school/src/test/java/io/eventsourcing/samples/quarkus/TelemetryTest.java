package io.eventsourcing.samples.quarkus;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REST call traced by Quarkus's OpenTelemetry extension: the library's save span is a child of the request's
 * server span, in the same trace (the SDK's spans exported to memory, {@link InMemorySpans}).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class TelemetryTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void a_post_of_a_dog_is_a_server_span_with_the_save_as_its_child() throws Exception {
        spans.reset();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(root.toString()).resolve("dogs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Traced\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);

        SpanData[] found = awaitSaveInRequest();
        SpanData server = found[0];
        SpanData save = found[1];
        System.out.println("Trace " + server.getTraceId() + ":\n" + spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(server.getTraceId()))
                .map(span -> "  " + span.getName() + " [" + span.getKind() + "] span " + span.getSpanId()
                        + " parent " + span.getParentSpanId() + " " + span.getAttributes().asMap())
                .collect(Collectors.joining("\n")));

        assertThat(save.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(save.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(save.getInstrumentationScopeInfo().getName()).isEqualTo("io.eventsourcing");
        assertThat(save.getAttributes().get(AttributeKey.stringKey("eventsourcing.application")))
                .isEqualTo("DogSchool");
        assertThat(save.getAttributes().get(AttributeKey.stringKey("eventsourcing.aggregate.type"))).isEqualTo("Dog");
        assertThat(save.getAttributes().get(AttributeKey.longKey("eventsourcing.events"))).isEqualTo(1);
    }

    /**
     * @return a {@code POST /dogs} server span and the library's save span in its trace, once exported (the SDK
     *         exports in batches, every 50 ms in the tests). Spans of other tests' requests may be exported after
     *         {@code reset()}, a server span without its save span among them, so the pair is looked for by trace.
     */
    private SpanData[] awaitSaveInRequest() throws InterruptedException {
        Predicate<SpanData> server = span -> span.getKind() == SpanKind.SERVER && span.getName().equals("POST /dogs");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<SpanData> finished = spans.getFinishedSpanItems();
            for (SpanData request : finished.stream().filter(server).toList()) {
                Optional<SpanData> save = finished.stream().filter(span -> span.getName().equals("DogSchool save")
                        && span.getTraceId().equals(request.getTraceId())).findFirst();
                if (save.isPresent()) {
                    return new SpanData[] {request, save.get()};
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No save span in the trace of a POST /dogs within 10 s; exported: "
                        + finished);
            }
            Thread.sleep(20);
        }
    }
}
