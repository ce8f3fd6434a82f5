package io.eventsourcing.samples.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every sample that serves {@link DogResource} must answer over HTTP, written once: a sample's test extends this
 * class, runs the application on a fresh event store and tells its address in {@link #base()}. The scenario runs
 * first ({@code @Order(1)}: it expects the log to start at 1), a subclass's own tests after it ({@code @Order(2)} on);
 * they may use the same helpers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class DogSchoolApiContract {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @return the address the application answers on, such as {@code http://127.0.0.1:8080}; paths resolve on it */
    protected abstract URI base();

    @Test
    @Order(1)
    protected void registersADogTeachesItTricksAndShowsTheLog() throws Exception {
        HttpResponse<String> created = post("/dogs", "{\"name\":\"Fido\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created.body()).getString("id");
        assertThat(UUID.fromString(id)).hasToString(id);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dogs/" + id));

        assertThat(post("/dogs/" + id + "/tricks", "{\"trick\":\"roll over\"}").statusCode()).isEqualTo(204);
        assertThat(post("/dogs/" + id + "/tricks", "{\"trick\":\"play dead\"}").statusCode()).isEqualTo(204);

        HttpResponse<String> dog = get("/dogs/" + id);
        assertThat(dog.statusCode()).as(dog.body()).isEqualTo(200);
        JsonObject fido = json(dog.body());
        assertThat(fido.getString("id")).isEqualTo(id);
        assertThat(fido.getString("name")).isEqualTo("Fido");
        assertThat(fido.getJsonArray("tricks").getValuesAs(JsonString::getString))
                .containsExactly("roll over", "play dead");

        HttpResponse<String> log = get("/log?start=1&limit=10");
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        assertThat(jsonArray(log.body()).getValuesAs(JsonObject.class))
                .extracting(n -> n.getJsonNumber("id").longValue(), n -> n.getString("originatorId"),
                        n -> n.getInt("originatorVersion"), n -> n.getString("topic"))
                .containsExactly(
                        tuple(1L, id, 1, Dog.Registered.class.getName()),
                        tuple(2L, id, 2, Dog.TrickAdded.class.getName()),
                        tuple(3L, id, 3, Dog.TrickAdded.class.getName()));

        assertThat(get("/dogs/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        HttpResponse<String> nameless = post("/dogs", "{}");
        assertThat(nameless.statusCode()).isEqualTo(400);
        assertThat(nameless.body()).contains("\"name\" is required");

        // TrickCounts, a process application following the school, counts the tricks once they are committed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject counts = json(get("/tricks").body());
        while (counts.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            counts = json(get("/tricks").body());
        }
        assertThat(counts).isEqualTo(json("{\"play dead\":1,\"roll over\":1}"));
    }

    /** GET {@code path} (with its query) on {@link #base()}. */
    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST {@code json} to {@code path} on {@link #base()}. */
    protected HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** @return how many notifications {@code GET /log} shows (up to 1000) */
    protected int logSize() throws IOException, InterruptedException {
        HttpResponse<String> log = get("/log?start=1&limit=1000");
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        return jsonArray(log.body()).size();
    }

    /** @return {@code body} read as a JSON object */
    protected static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static JsonArray jsonArray(String body) {
        return Json.createReader(new StringReader(body)).readArray();
    }
}
