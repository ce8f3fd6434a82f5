package io.eventsourcing.bench.postgres;

import io.eventsourcing.application.Application;
import io.eventsourcing.bench.Dog;
import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.MultiThreadedRunner;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;
import io.eventsourcing.system.Runner;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a follower in another process takes to process a save: this JVM saves {@code bench.rate} (1,000) new
 * Dogs a second, one event each, for {@code bench.seconds} (20) after {@code bench.warmup} (2) seconds not
 * measured, from {@code bench.writers} (4) threads keeping to one schedule; a forked JVM runs {@link Arrivals}
 * following {@link Shelter}, whose policy notes when it runs. For each save measured: the time from {@code save}
 * returning here to the policy running there (one machine, one clock). Two variants, one after the other, each in
 * fresh tables: {@code push}, a {@link MultiThreadedRunner} as an application runs it (PostgreSQL's NOTIFY prompts
 * it; it also polls every second, the default), and {@code poll}, the follower pulling every
 * {@code eventsourcing.poll-interval} (1,000 ms) and never prompted, as before NOTIFY. Prints p50, p99 and max in
 * milliseconds. The server is {@link Server}'s (embedded, fsync on).
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres -Dbench.main=io.eventsourcing.bench.postgres.PushLag
 * </pre>
 */
public final class PushLag {

    private static final String FOLLOWER = "follower";

    private PushLag() {
    }

    /** The application saved: a Dog per save. */
    public static final class Shelter extends Application {
        public Shelter(Map<String, String> settings) {
            super(settings);
        }
    }

    /** The follower measured: notes when its policy runs for each Dog registered, and stores nothing else. */
    public static final class Arrivals extends ProcessApplication {
        static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();

        public Arrivals(Map<String, String> settings) {
            super(settings);
        }

        @Policy
        void on(Dog.Registered e, ProcessingEvent processing) {
            SEEN.add(processing.event().originatorId() + " " + micros(Instant.now()));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(FOLLOWER)) {
            follow(args);
            return;
        }
        PostgresSideBySide.setProperties(args);
        int rate = Integer.getInteger("bench.rate", 1_000);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int writers = Integer.getInteger("bench.writers", 4);
        try (Server server = Server.start()) {
            System.out.printf("%s; %d saves/s for %d s (+%d s warm-up) from %d threads; load average %s%n",
                    server.describe(), rate, seconds, warmup, writers, PostgresSideBySide.loadAverage());
            List<String> report = new ArrayList<>();
            for (String variant : List.of("push", "poll")) {
                Map<String, String> settings = server.librarySettings("lag_" + variant + "_"
                        + System.nanoTime() % 100_000, writers + 1);
                report.add(run(variant, settings, rate, seconds, warmup, writers));
                System.out.println(report.get(report.size() - 1));
            }
            System.out.printf("%nvariant   saves  processed    p50 ms    p99 ms    max ms  (achieved saves/s, load)%n");
            report.forEach(System.out::println);
        }
    }

    private static String run(String variant, Map<String, String> settings, int rate, int seconds, int warmup,
                              int writers) throws Exception {
        Path out = Files.createTempFile("push-lag-" + variant, ".txt");
        Map<UUID, Long> returned = new ConcurrentHashMap<>();
        int total = rate * (seconds + warmup);
        int measuredFrom = rate * warmup;
        try (Shelter shelter = new Shelter(settings)) {
            Process follower = fork(variant, settings, out);
            try {
                AtomicLong next = new AtomicLong();
                long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                long interval = 1_000_000_000L / rate;
                List<Thread> threads = new ArrayList<>();
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                for (int w = 0; w < writers; w++) {
                    Thread thread = new Thread(() -> {
                        try {
                            for (long i; (i = next.getAndIncrement()) < total; ) {
                                long due = start + i * interval;
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                                Dog dog = new Dog("dog " + i);
                                shelter.save(dog);
                                long at = micros(Instant.now());
                                if (i >= measuredFrom) {
                                    returned.put(dog.id(), at);
                                }
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }, "writer-" + w);
                    threads.add(thread);
                    thread.start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("A writer failed", failures.peek());
                }
                double achieved = (total - measuredFrom) * 1e9
                        / Math.max(1, System.nanoTime() - (start + measuredFrom * interval));
                Thread.sleep(3_000);        // the last saves: processed within a poll interval, and then some
                follower.getOutputStream().close();
                if (!follower.waitFor(60, TimeUnit.SECONDS) || follower.exitValue() != 0) {
                    throw new IllegalStateException("The follower failed: " + Files.readString(Path.of(out + ".log")));
                }
                return summary(variant, returned, out, achieved);
            } finally {
                follower.destroyForcibly();
            }
        }
    }

    private static String summary(String variant, Map<UUID, Long> returned, Path out, double achieved)
            throws IOException {
        List<Double> lags = new ArrayList<>();
        long first = returned.values().stream().mapToLong(Long::longValue).min().orElse(0);
        Map<Long, Double> worstBySecond = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] parts = line.split(" ");
            Long at = returned.get(UUID.fromString(parts[0]));
            if (at != null) {
                double lag = (Long.parseLong(parts[1]) - at) / 1000.0;
                lags.add(lag);
                worstBySecond.merge((at - first) / 1_000_000, lag, Math::max);
            }
        }
        // Where the tail comes from: the seconds of the run whose worst lag exceeds 50 ms.
        worstBySecond.forEach((second, worst) -> {
            if (worst > 50) {
                System.out.printf(Locale.ROOT, "  %s: saves in second %d waited up to %.1f ms%n", variant, second,
                        worst);
            }
        });
        double[] sorted = lags.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%-7s %7d %10d %9.1f %9.1f %9.1f  (%,.0f, %s)", variant, returned.size(),
                sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], achieved,
                PostgresSideBySide.loadAverage());
    }

    private static double percentile(double[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static Process fork(String variant, Map<String, String> settings, Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), PushLag.class.getName(),
                FOLLOWER, variant, out.toString()));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Path log = Path.of(out + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("following")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("The follower did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return process;
    }

    /** The forked JVM: follows until its standard input ends, then writes what it saw. */
    private static void follow(String[] args) throws Exception {
        String variant = args[1];
        Path out = Path.of(args[2]);
        Map<String, String> settings = new HashMap<>();
        for (String arg : Arrays.asList(args).subList(3, args.length)) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (variant.equals("push")) {
            EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Shelter.class, Arrivals.class)));
            try (Runner runner = new MultiThreadedRunner(system, settings)) {
                runner.start();
                awaitEndOfInput();
            }
        } else {
            int interval = Integer.parseInt(settings.getOrDefault("eventsourcing.poll-interval", "1000"));
            try (Shelter shelter = new Shelter(settings); Arrivals arrivals = new Arrivals(settings)) {
                arrivals.follow(shelter);
                Thread poller = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        arrivals.pullAndProcess(shelter.name());
                        try {
                            Thread.sleep(interval);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "poller");
                poller.start();
                awaitEndOfInput();
                poller.interrupt();
                poller.join();
            }
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            for (String line : Arrivals.SEEN) {
                writer.write(line);
                writer.newLine();
            }
        }
        System.exit(0);
    }

    private static void awaitEndOfInput() throws IOException {
        System.out.println("following");
        System.out.flush();
        while (System.in.read() != -1) {
            // until the measuring JVM closes our standard input
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
