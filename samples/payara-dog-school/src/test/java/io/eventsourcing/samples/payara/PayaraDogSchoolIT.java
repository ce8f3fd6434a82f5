package io.eventsourcing.samples.payara;

import io.eventsourcing.samples.rest.Dog;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Starts Payara Micro in its own JVM with the WAR on a free loopback port, and drives the dog school over HTTP:
 * proves the CDI extension (a build-compatible extension) deploys and injects in Payara.
 */
class PayaraDogSchoolIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static Process server;
    private static Path serverLog;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startPayara() throws Exception {
        Path jar = Path.of(System.getProperty("payara.micro.jar", "target/payara-micro.jar"));
        Path war = Path.of(System.getProperty("payara.war", "target/payara-dog-school.war"));
        Path work = Path.of(System.getProperty("payara.workdir", "target/payara-it"));
        assertThat(jar).exists();
        assertThat(war).exists();
        deleteRecursively(work);                     // a fresh SQLite file: the log starts at 1
        Files.createDirectories(work);
        serverLog = work.resolve("server.log");
        Path preBoot = work.resolve("preboot.asadmin");
        // Listen on loopback only.
        Files.writeString(preBoot, "set configs.config.server-config.network-config.network-listeners"
                + ".network-listener.http-listener.address=127.0.0.1\n");

        int port = freePort();
        base = "http://127.0.0.1:" + port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")).toAbsolutePath(),
                "-jar", jar.toAbsolutePath().toString(),
                "--deploy", war.toAbsolutePath().toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--nohazelcast", "--disablephonehome",
                "--rootdir", work.resolve("root").toAbsolutePath().toString(),
                "--prebootcommandfile", preBoot.toAbsolutePath().toString()));
        server = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(serverLog.toFile())
                .start();

        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        while (true) {
            if (!server.isAlive()) {
                fail("Payara Micro exited with " + server.exitValue() + " before it answered:\n" + logTail());
            }
            try {
                HttpResponse<String> r = get("/log?start=1&limit=1");
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Files.readString(serverLog, StandardCharsets.UTF_8).contains("Exception while loading the app")) {
                fail("Payara Micro did not deploy the WAR:\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                fail("Payara Micro did not answer " + base + "/log within " + START_TIMEOUT + ":\n" + logTail());
            }
            Thread.sleep(500);
        }
        System.out.printf("Payara Micro answered on %s after %d ms%n", base,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stopPayara() throws Exception {
        if (server == null) {
            return;
        }
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();                                       // SIGTERM: Payara shuts down, the app closes
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void registersADogTeachesItTricksAndShowsTheLog() throws Exception {
        HttpResponse<String> created = post("/dogs", "{\"name\":\"Fido\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created.body()).getString("id");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/dogs/" + id));

        assertThat(post("/dogs/" + id + "/tricks", "{\"trick\":\"roll over\"}").statusCode()).isEqualTo(204);
        assertThat(post("/dogs/" + id + "/tricks", "{\"trick\":\"play dead\"}").statusCode()).isEqualTo(204);

        HttpResponse<String> dog = get("/dogs/" + id);
        assertThat(dog.statusCode()).as(dog.body()).isEqualTo(200);
        JsonObject fido = json(dog.body());
        assertThat(fido.getString("name")).isEqualTo("Fido");
        assertThat(fido.getJsonArray("tricks").getValuesAs(JsonValue::toString))
                .containsExactly("\"roll over\"", "\"play dead\"");

        HttpResponse<String> log = get("/log?start=1&limit=10");
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        JsonArray items = Json.createReader(new StringReader(log.body())).readArray();
        assertThat(items.getValuesAs(JsonObject.class))
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
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String logTail() {
        try {
            List<String> lines = Files.readAllLines(serverLog, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
