package io.eventsourcing.samples.wildfly;

import io.eventsourcing.samples.rest.Dog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Starts a real PostgreSQL server (embedded) and a real WildFly (the server {@code package} prepared in
 * target/wildfly, run on a fresh base directory, on free loopback ports) with the WAR, and drives the dog school
 * over HTTP: proves the CDI extension deploys in WildFly, that its JDBC recorder stores the events in PostgreSQL
 * through WildFly's DataSource, and that saves join WildFly's JTA transactions (a rolled-back one stores nothing).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyDogSchoolIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String WAR_NAME = "wildfly-dog-school.war";
    /** The standard ports of standalone.xml; the IT moves them all by one offset. */
    private static final int[] STANDARD_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};

    private static EmbeddedPostgres postgres;
    private static Process server;
    private static Path console;
    private static Path deployments;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startPostgresAndWildFly() throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home", "target/wildfly")).toAbsolutePath();
        Path war = Path.of(System.getProperty("wildfly.war", "target/" + WAR_NAME));
        Path work = Path.of(System.getProperty("wildfly.it.dir", "target/wildfly-it")).toAbsolutePath();
        assertThat(home.resolve("bin/standalone.sh")).exists();
        assertThat(war).exists();

        postgres = EmbeddedPostgres.builder().start();     // a fresh database: the log starts at 1

        // A fresh server base directory: the prepared configuration (driver and DataSource) and the WAR only.
        deleteRecursively(work);
        Path configuration = Files.createDirectories(work.resolve("configuration"));
        try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, configuration.resolve(file.getFileName()));
            }
        }
        deployments = Files.createDirectories(work.resolve("deployments"));
        Files.copy(war, deployments.resolve(WAR_NAME));
        console = work.resolve("console.log");

        int offset = freePortOffset();
        base = "http://127.0.0.1:" + (8080 + offset);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + work,
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Ddogschool.db.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "-Ddogschool.db.user=postgres",
                "-Ddogschool.db.password=postgres"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JBOSS_HOME", home.toString());
        env.remove("JAVA_OPTS");                                // standalone.conf's defaults
        env.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");              // the script passes SIGTERM on to the server
        server = builder.start();

        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        Path failed = deployments.resolve(WAR_NAME + ".failed");
        while (true) {
            if (!server.isAlive()) {
                fail("WildFly exited with " + server.exitValue() + " before it answered:\n" + logTail());
            }
            if (Files.exists(failed)) {
                fail("WildFly did not deploy the WAR: " + Files.readString(failed) + "\n" + logTail());
            }
            try {
                if (get("/log?start=1&limit=1").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                fail("WildFly did not answer " + base + "/log within " + START_TIMEOUT + ":\n" + logTail());
            }
            Thread.sleep(250);
        }
        System.out.printf("WildFly answered on %s after %d ms%n", base,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stopWildFlyAndPostgres() throws Exception {
        try {
            if (server != null) {
                server.descendants().forEach(ProcessHandle::destroy);   // SIGTERM: WildFly shuts down gracefully
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.descendants().forEach(ProcessHandle::destroyForcibly);
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    @Order(1)
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

    @Test
    @Order(2)
    void theEventsAreInPostgres() throws Exception {
        assertThat(storedEvents()).containsExactly(
                tuple(1L, Dog.Registered.class.getName()),
                tuple(2L, Dog.TrickAdded.class.getName()),
                tuple(3L, Dog.TrickAdded.class.getName()));
    }

    @Test
    @Order(3)
    void aTransactionThatRollsBackStoresNothing() throws Exception {
        // Rex is saved, then the blank name fails the method: WildFly rolls the transaction back, Rex with it.
        HttpResponse<String> refused = post("/registrations", "{\"names\":[\"Rex\",\" \"]}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(storedEvents()).hasSize(3);
        assertThat(logSize()).isEqualTo(3);

        // Both saves commit together.
        HttpResponse<String> registered = post("/registrations", "{\"names\":[\"Rex\",\"Bella\"]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        List<String> ids = json(registered.body()).getJsonArray("ids").getValuesAs(v -> ((JsonString) v).getString());
        assertThat(ids).hasSize(2);
        for (String id : ids) {
            assertThat(get("/dogs/" + id).statusCode()).isEqualTo(200);
        }
        assertThat(storedEvents()).hasSize(5);
        assertThat(logSize()).isEqualTo(5);
    }

    /** @return (notification id, topic) of every row of the application's events table, in notification order */
    private static List<Tuple> storedEvents() throws SQLException {
        List<Tuple> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT notification_id, topic FROM dogschool_events ORDER BY notification_id")) {
            while (r.next()) {
                rows.add(tuple(r.getLong(1), r.getString(2)));
            }
        }
        return rows;
    }

    private static int logSize() throws IOException, InterruptedException {
        HttpResponse<String> log = get("/log?start=1&limit=1000");
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        return Json.createReader(new StringReader(log.body())).readArray().size();
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

    /** @return a port offset under which all of WildFly's ports are free on the loopback interface */
    private static int freePortOffset() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(10_000, 50_000);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("No port offset with all of WildFly's ports free");
    }

    private static boolean allFree(int offset) {
        for (int port : STANDARD_PORTS) {
            try (ServerSocket ignored = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
                // free: closed at once
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    private static String logTail() {
        try {
            List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
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
