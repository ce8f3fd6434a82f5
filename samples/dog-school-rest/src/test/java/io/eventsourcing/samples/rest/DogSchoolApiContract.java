package io.eventsourcing.samples.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every sample that serves {@link DogResource} must answer over HTTP, written once: a sample's test extends this
 * class, runs the application on a fresh event store and tells its address in {@link #base()}. The scenario runs
 * first ({@code @Order(1)}: it expects the log to start at 1), a subclass's own tests after it ({@code @Order(2)} to
 * {@code 49}), then the errors as problem details ({@code @Order(50)} to {@code 53}, which store dogs too), a dog at each
 * of its versions ({@code 54}), the list of dogs last ({@code @Order(100)}); they may use the same helpers.
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
        // Read-your-writes: a POST answers once the dog list and TrickCounts have processed it.
        assertThat(dogs("")).containsExactly(dog(id, "Fido", 0));

        assertThat(post("/dogs/" + id + "/tricks", "{\"trick\":\"roll over\"}").statusCode()).isEqualTo(204);
        assertThat(dogs("")).containsExactly(dog(id, "Fido", 1));
        assertThat(json(get("/tricks").body())).isEqualTo(json("{\"roll over\":1}"));
        assertThat(post("/dogs/" + id + "/tricks", "{\"trick\":\"play dead\"}").statusCode()).isEqualTo(204);
        assertThat(dogs("")).containsExactly(dog(id, "Fido", 2));

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
        assertThat(json(nameless.body()).getString("detail")).contains("\"name\" is required");

        // TrickCounts, a process application following the school, counted the tricks before the POST answered.
        assertThat(json(get("/tricks").body())).isEqualTo(json("{\"play dead\":1,\"roll over\":1}"));
    }

    /** Malformed JSON, a missing or blank field: 400, as problem details naming what was wrong. */
    @Test
    @Order(50)
    protected void malformedJsonOrAMissingFieldIs400() throws Exception {
        assertProblem(post("/dogs", "{\"name\":"), 400, "JSON");
        assertProblem(post("/dogs", "not json"), 400, "JSON");
        assertProblem(post("/dogs", "{}"), 400, "\"name\"");
        assertProblem(post("/dogs", "{\"name\":\"  \"}"), 400, "\"name\"");
        assertProblem(post("/dogs", "{\"name\":42}"), 400, "\"name\"");
        String id = json(post("/dogs", "{\"name\":\"Rover\"}").body()).getString("id");
        assertProblem(post("/dogs/" + id + "/tricks", "{\"trick\":\"\"}"), 400, "\"trick\"");
        assertProblem(post("/dogs/" + id + "/tricks", "{\"trick\""), 400, "JSON");
    }

    /** An unknown or malformed dog id, an address that is nothing: 404, as problem details naming it. */
    @Test
    @Order(51)
    protected void anUnknownOrMalformedIdIs404() throws Exception {
        String unknown = UUID.randomUUID().toString();
        assertProblem(get("/dogs/" + unknown), 404, unknown);
        assertProblem(get("/dogs/not-a-dog-id"), 404, "not-a-dog-id");
        assertProblem(post("/dogs/" + unknown + "/tricks", "{\"trick\":\"sit\"}"), 404, unknown);
        assertProblem(post("/dogs/12345/tricks", "{\"trick\":\"sit\"}"), 404, "12345");
        assertProblem(get("/no-such-thing"), 404, "/no-such-thing");
    }

    /**
     * Two requests teaching the same dog at once both read the same version, and one of them saves first: the other's
     * save fails (the library's IntegrityException), 409. Sends a few at once until that happens.
     */
    @Test
    @Order(52)
    protected void aConcurrentChangeIs409() throws Exception {
        String id = json(post("/dogs", "{\"name\":\"Busy\"}").body()).getString("id");
        HttpResponse<String> conflict = null;
        for (int round = 0; round < 50 && conflict == null; round++) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(HTTP.sendAsync(jsonPost("/dogs/" + id + "/tricks", "{\"trick\":\"sit\"}"),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : sent) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isIn(204, 409);
                if (response.statusCode() == 409) {
                    conflict = response;
                }
            }
        }
        assertThat(conflict).as("no conflict in 50 rounds of 6 concurrent requests").isNotNull();
        assertProblem(conflict, 409, id);
    }

    /** A body over 64 KB: 413, whether it says its length or comes in chunks; a small chunked body is read. */
    @Test
    @Order(53)
    protected void aBodyOver64KbIs413() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(post("/dogs", huge), 413, "65536");
        assertProblem(HTTP.send(chunkedPost("/dogs", huge), HttpResponse.BodyHandlers.ofString()), 413, "65536");

        HttpResponse<String> chunky = HTTP.send(chunkedPost("/dogs", "{\"name\":\"Chunky\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunky.statusCode()).as(chunky.body()).isEqualTo(201);
    }

    /**
     * {@code GET /dogs/{id}?version=}: the dog as it was at each version, its last version in {@code version}; a
     * version past the last is 404, below 1 is 400, as problem details.
     */
    @Test
    @Order(54)
    protected void showsADogAsItWasAtEachVersion() throws Exception {
        String id = json(post("/dogs", "{\"name\":\"Patch\"}").body()).getString("id");
        post("/dogs/" + id + "/tricks", "{\"trick\":\"sit\"}");
        post("/dogs/" + id + "/tricks", "{\"trick\":\"stay\"}");

        assertThat(json(get("/dogs/" + id).body()).getInt("version")).isEqualTo(3);
        for (int version = 1; version <= 3; version++) {
            JsonObject dog = json(get("/dogs/" + id + "?version=" + version).body());
            assertThat(dog.getInt("version")).isEqualTo(version);
            assertThat(dog.getString("name")).isEqualTo("Patch");
            assertThat(dog.getJsonArray("tricks").getValuesAs(JsonString::getString))
                    .isEqualTo(List.of("sit", "stay").subList(0, version - 1));
        }
        assertProblem(get("/dogs/" + id + "?version=4"), 404, "its last version is 3");
        assertProblem(get("/dogs/" + id + "?version=0"), 400, "version");
        assertProblem(get("/dogs/" + UUID.randomUUID() + "?version=1"), 404, "No dog has the id");
    }

    /**
     * Asserts that {@code response} is problem details (RFC 9457) of {@code status} whose detail holds
     * {@code detailHolds}, without a stack trace or an error page.
     */
    protected static void assertProblem(HttpResponse<String> response, int status, String detailHolds) {
        System.out.println(response.request().method() + " " + response.request().uri().getPath() + " -> "
                + response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("") + " "
                + response.body());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception", "at io.", "at java.", "<html", "<HTML");
        JsonObject problem = json(response.body());
        assertThat(problem.getString("type")).isEqualTo("about:blank");
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("detail")).contains(detailHolds);
    }

    /**
     * {@code GET /dogs}: every dog sorted by name, with how many tricks it was taught, a page at a time; each dog and
     * trick shows at once. Other tests' dogs may be in the list too: it checks ours, the order and the pages.
     */
    @Test
    @Order(100)
    protected void listsTheDogsSortedByNameAPageAtATime() throws Exception {
        String[] names = {"Zoe", "Bella", "Max", "Alfie"};
        String[] ids = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = json(post("/dogs", "{\"name\":\"" + names[i] + "\"}").body()).getString("id");
            for (int t = 0; t < i; t++) {
                assertThat(post("/dogs/" + ids[i] + "/tricks", "{\"trick\":\"sit\"}").statusCode()).isEqualTo(204);
            }
            String added = ids[i];
            int tricks = i;
            assertThat(dogs("?limit=1000")).anySatisfy(d -> assertThat(d).isEqualTo(dog(added, names[tricks], tricks)));
        }

        List<JsonObject> all = dogs("?offset=0&limit=1000");
        assertThat(all).extracting(d -> d.getString("name")).isSorted();
        assertThat(all).contains(dog(ids[3], "Alfie", 3), dog(ids[1], "Bella", 1), dog(ids[2], "Max", 2),
                dog(ids[0], "Zoe", 0));
        assertThat(dogs("?offset=1&limit=2")).isEqualTo(all.subList(1, 3));
        assertThat(dogs("?offset=" + all.size())).isEmpty();
        assertThat(dogs("")).isEqualTo(all.subList(0, Math.min(50, all.size())));
        assertThat(get("/dogs?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/dogs?offset=-1").statusCode()).isEqualTo(400);
    }

    /** @return what {@code GET /dogs} with that query answers, as JSON objects */
    protected List<JsonObject> dogs(String query) throws IOException, InterruptedException {
        HttpResponse<String> dogs = get("/dogs" + query);
        assertThat(dogs.statusCode()).as(dogs.body()).isEqualTo(200);
        return jsonArray(dogs.body()).getValuesAs(JsonObject.class);
    }

    /** @return a dog as {@code GET /dogs} shows it */
    protected static JsonObject dog(String id, String name, int trickCount) {
        return Json.createObjectBuilder().add("id", id).add("name", name).add("trickCount", trickCount).build();
    }

    /** GET {@code path} (with its query) on {@link #base()}. */
    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST {@code json} to {@code path} on {@link #base()}. */
    protected HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(jsonPost(path, json), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest jsonPost(String path, String json) {
        return HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** POST {@code json} without a Content-Length: in chunks. */
    private HttpRequest chunkedPost(String path, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
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
