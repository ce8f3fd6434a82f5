package io.eventsourcing.samples.rest;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REST sample's MicroProfile Health endpoint as its test reads it ({@code /q/health} on Quarkus, {@code /health} on
 * Payara and WildFly), with what every sample shows there: the library's readiness checks of the dog school, of
 * TrickCounts and of the dog list, and its liveness check of the followers' threads.
 */
public final class HealthEndpoint {

    /** The readiness checks every REST sample shows, its dog list's class named {@code DogListView}. */
    public static final List<String> READINESS_CHECKS = List.of("eventsourcing-application DogSchool",
            "eventsourcing-application TrickCounts", "eventsourcing-follower TrickCounts <- DogSchool",
            "eventsourcing-follower DogListView <- DogSchool");
    /** The liveness check. */
    public static final String LIVENESS_CHECK = "eventsourcing-followers";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI health;

    /** @param health the endpoint, such as {@code http://127.0.0.1:9990/health}; {@code /ready}, {@code /live} under it */
    public HealthEndpoint(URI health) {
        this.health = health;
    }

    /** @return the readiness response (503 while {@code DOWN}) as JSON */
    public JsonObject readiness() throws IOException, InterruptedException {
        return read("/ready");
    }

    /** @return the liveness response as JSON */
    public JsonObject liveness() throws IOException, InterruptedException {
        return read("/live");
    }

    /** @return the readiness response once its status is the one given, within the timeout; the last one else */
    public JsonObject awaitReadiness(String status, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject readiness = readiness();
        while (!readiness.getString("status").equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            readiness = readiness();
        }
        return readiness;
    }

    /** @return the library's checks of the response (named {@code eventsourcing-...}), by name */
    public static Map<String, JsonObject> checks(JsonObject response) {
        return response.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").startsWith("eventsourcing-"))
                .collect(Collectors.toMap(check -> check.getString("name"), Function.identity()));
    }

    /**
     * Asserts what a sample that runs shows: readiness and liveness {@code UP}, with every check of the library,
     * each follower at lag 0 once it has caught up.
     */
    public void assertUp() throws IOException, InterruptedException {
        JsonObject readiness = awaitReadiness("UP", Duration.ofSeconds(10));
        assertThat(readiness.getString("status")).as(readiness.toString()).isEqualTo("UP");
        Map<String, JsonObject> checks = checks(readiness);
        assertThat(checks.keySet()).as(readiness.toString()).containsExactlyInAnyOrderElementsOf(READINESS_CHECKS);
        for (String follower : List.of("eventsourcing-follower TrickCounts <- DogSchool",
                "eventsourcing-follower DogListView <- DogSchool")) {
            JsonObject data = checks.get(follower).getJsonObject("data");
            assertThat(number(data, "max-lag")).as(readiness.toString()).isEqualTo(10_000);
            assertThat(number(data, "lag")).as(readiness.toString()).isBetween(0L, 9_999L);
        }
        JsonObject liveness = liveness();
        assertThat(liveness.getString("status")).as(liveness.toString()).isEqualTo("UP");
        assertThat(checks(liveness).get(LIVENESS_CHECK).getJsonObject("data").keySet())
                .containsExactlyInAnyOrder("TrickCounts", "DogListView");
    }

    /**
     * Asserts that readiness turns {@code DOWN}, the dog school's check saying why, within a few seconds of the
     * database stopping, and {@code UP} again within a few seconds of it starting, without restarting the server.
     *
     * @param stop  stops the database
     * @param start starts it again, on the same address and data
     */
    public void assertDownWhileTheDatabaseIsStopped(Runnable stop, Runnable start)
            throws IOException, InterruptedException {
        stop.run();
        try {
            JsonObject down = awaitReadiness("DOWN", Duration.ofSeconds(5));
            assertThat(down.getString("status")).as(down.toString()).isEqualTo("DOWN");
            JsonObject school = checks(down).get("eventsourcing-application DogSchool");
            assertThat(school.getString("status")).isEqualTo("DOWN");
            assertThat(school.getJsonObject("data").getString("problem")).isNotBlank();
        } finally {
            start.run();
        }
        JsonObject up = awaitReadiness("UP", Duration.ofSeconds(15));
        assertThat(up.getString("status")).as(up.toString()).isEqualTo("UP");
    }

    /** @return the data's number: a JSON number, or a string of digits as Payara writes every value */
    public static long number(JsonObject data, String key) {
        JsonValue value = data.get(key);
        return value instanceof JsonNumber number ? number.longValue() : Long.parseLong(((JsonString) value).getString());
    }

    private JsonObject read(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(health + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
