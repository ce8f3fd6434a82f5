package io.eventsourcing.samples.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * A server an IT runs in its own process, its output in a log file: waits until it answers over HTTP (failing with
 * the log's tail when it does not), and stops it with its child processes.
 */
public final class ServerProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command}, its output and errors going to {@code log}; {@code name} is what messages call it. */
    public static ServerProcess start(String name, ProcessBuilder command, Path log) throws IOException {
        return new ServerProcess(name, command.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    /**
     * Waits until {@code GET probe} answers 200. Fails if the process exits first, if {@code deployFailure} tells why
     * the server did not deploy the application, or after {@code timeout}.
     */
    public void awaitAnswer(URI probe, Duration timeout, Callable<Optional<String>> deployFailure) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(30)).GET().build();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before it answered:\n" + logTail());
            }
            Optional<String> failed = deployFailure.call();
            if (failed.isPresent()) {
                fail(name + " did not deploy the application: " + failed.get() + "\n" + logTail());
            }
            try {
                if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                fail(name + " did not answer " + probe + " within " + timeout + ":\n" + logTail());
            }
            Thread.sleep(250);
        }
        System.out.printf("%s answered on %s after %d ms%n", name, probe,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Stops the server and its child processes: SIGTERM, then, after 30 s, SIGKILL. */
    public void stop() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @return {@code dir}, empty: whatever was in it is deleted */
    public static Path freshDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }
}
