package io.eventsourcing.samples.wildfly;

import io.eventsourcing.samples.rest.Dog;
import io.eventsourcing.samples.rest.DogSchoolApiContract;
import io.eventsourcing.samples.rest.DogSchoolPageContract;
import io.eventsourcing.samples.rest.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonString;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Starts a real PostgreSQL server (embedded) and a real WildFly (the server {@code package} prepared in
 * target/wildfly, run on a fresh base directory, on free loopback ports) with the WAR, and drives the dog school
 * over HTTP ({@link DogSchoolApiContract}): proves the CDI extension deploys in WildFly, that its JDBC recorder stores
 * the events in PostgreSQL through WildFly's DataSource, and that saves join WildFly's JTA transactions (a rolled-back
 * one stores nothing); and its page in a browser ({@link DogSchoolPageContract}).
 */
class WildFlyDogSchoolIT extends DogSchoolApiContract implements DogSchoolPageContract {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String WAR_NAME = "wildfly-dog-school.war";
    /** The standard ports of standalone.xml; the IT moves them all by one offset. */
    private static final int[] STANDARD_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};

    private static EmbeddedPostgres postgres;
    private static ServerProcess server;
    private static URI base;

    @BeforeAll
    static void startPostgresAndWildFly() throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home", "target/wildfly")).toAbsolutePath();
        Path war = Path.of(System.getProperty("wildfly.war", "target/" + WAR_NAME));
        Path work = Path.of(System.getProperty("wildfly.it.dir", "target/wildfly-it")).toAbsolutePath();
        assertThat(home.resolve("bin/standalone.sh")).exists();
        assertThat(war).exists();

        postgres = EmbeddedPostgres.builder().start();     // a fresh database: the log starts at 1

        // A fresh server base directory: the prepared configuration (driver and DataSource) and the WAR only.
        ServerProcess.freshDirectory(work);
        Path configuration = Files.createDirectories(work.resolve("configuration"));
        try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, configuration.resolve(file.getFileName()));
            }
        }
        Path deployments = Files.createDirectories(work.resolve("deployments"));
        Files.copy(war, deployments.resolve(WAR_NAME));

        int offset = freePortOffset();
        base = URI.create("http://127.0.0.1:" + (8080 + offset));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + work,
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Ddogschool.db.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "-Ddogschool.db.user=postgres",
                "-Ddogschool.db.password=postgres")
                .directory(work.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JBOSS_HOME", home.toString());
        env.remove("JAVA_OPTS");                                // standalone.conf's defaults
        env.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");              // the script passes SIGTERM on to the server
        server = ServerProcess.start("WildFly", builder, work.resolve("console.log"));

        Path failed = deployments.resolve(WAR_NAME + ".failed");
        server.awaitAnswer(base.resolve("/log?start=1&limit=1"), START_TIMEOUT, () ->
                Files.exists(failed) ? Optional.of(Files.readString(failed)) : Optional.empty());
    }

    @AfterAll
    static void stopWildFlyAndPostgres() throws Exception {
        try {
            if (server != null) {
                server.stop();                                  // SIGTERM: WildFly shuts down gracefully
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Override
    public URI base() {
        return base;
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
        List<String> ids = json(registered.body()).getJsonArray("ids").getValuesAs(JsonString::getString);
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
}
