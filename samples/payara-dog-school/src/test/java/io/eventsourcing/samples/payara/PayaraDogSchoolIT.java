package io.eventsourcing.samples.payara;

import io.eventsourcing.samples.rest.DogSchoolApiContract;
import io.eventsourcing.samples.rest.DogSchoolPageContract;
import io.eventsourcing.samples.rest.HealthEndpoint;
import io.eventsourcing.samples.rest.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts Payara Micro in its own JVM with the WAR on a free loopback port, and drives the dog school over HTTP
 * ({@link DogSchoolApiContract}) and its page in a browser ({@link DogSchoolPageContract}): proves the CDI extension
 * (a build-compatible extension) deploys and injects in Payara, and that Payara's MicroProfile Health shows its checks
 * at {@code /health} (the events are in SQLite: no server to stop, so readiness following the database is shown by the
 * PostgreSQL samples).
 */
class PayaraDogSchoolIT extends DogSchoolApiContract implements DogSchoolPageContract {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static ServerProcess server;
    private static URI base;

    @BeforeAll
    static void startPayara() throws Exception {
        Path jar = Path.of(System.getProperty("payara.micro.jar", "target/payara-micro.jar"));
        Path war = Path.of(System.getProperty("payara.war", "target/payara-dog-school.war"));
        Path work = Path.of(System.getProperty("payara.workdir", "target/payara-it"));
        assertThat(jar).exists();
        assertThat(war).exists();
        ServerProcess.freshDirectory(work);                    // a fresh SQLite file: the log starts at 1
        Path serverLog = work.resolve("server.log");
        Path preBoot = work.resolve("preboot.asadmin");
        // Listen on loopback only.
        Files.writeString(preBoot, "set configs.config.server-config.network-config.network-listeners"
                + ".network-listener.http-listener.address=127.0.0.1\n");

        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")).toAbsolutePath(),
                "-jar", jar.toAbsolutePath().toString(),
                "--deploy", war.toAbsolutePath().toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--nohazelcast", "--disablephonehome",
                "--rootdir", work.resolve("root").toAbsolutePath().toString(),
                "--prebootcommandfile", preBoot.toAbsolutePath().toString());
        server = ServerProcess.start("Payara Micro", new ProcessBuilder(command).directory(work.toFile()), serverLog);
        server.awaitAnswer(base.resolve("/log?start=1&limit=1"), START_TIMEOUT, () ->
                Files.readString(serverLog, StandardCharsets.UTF_8).contains("Exception while loading the app")
                        ? Optional.of("Exception while loading the app") : Optional.empty());
    }

    @AfterAll
    static void stopPayara() throws Exception {
        if (server != null) {
            server.stop();                                      // SIGTERM: Payara shuts down, the app closes
        }
    }

    @Override
    public URI base() {
        return base;
    }

    @Test
    @Order(2)
    void theHealthChecksAreUp() throws Exception {
        new HealthEndpoint(base.resolve("/health")).assertUp();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
