package io.eventsourcing.bench.postgres;

import jakarta.transaction.Status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 4's benchmark: write throughput on PostgreSQL of the library next to what it should be compared with,
 * interleaved in one JVM against one server, so that the ratios hold even on a busy machine.
 *
 * <p>Scenarios (events per second of all writers together):
 * <ul>
 * <li>{@code a}: one thread, single-event saves (a new Dog each), each in its own transaction;</li>
 * <li>{@code b}: {@code bench.writers} (8) threads, each save a new Dog of {@code bench.events} (10) events in its
 * own transaction;</li>
 * <li>{@code c}: as b, but each save inside a JTA transaction (Narayana, Agroal pool enlisting its connections)
 * that stays open {@code bench.work-ms} (5) ms after the save for the caller's other work, then commits.</li>
 * </ul>
 * Strategies: {@code library} ({@link LibraryVariant}: the ordering guarantee by numbering after the commit, under an
 * advisory lock), {@code floor} and {@code lock} ({@link SqlVariant}: plain JDBC batches of the same rows, without
 * ordering guarantee, and with the Python library's {@code LOCK TABLE ... IN EXCLUSIVE MODE}), {@code axon}
 * ({@link AxonVariant}: Axon's JdbcEventStorageEngine, scenarios a and b). Every (scenario, strategy, round)
 * writes into fresh tables in a schema of its own; the strategies run one after the other within a round, in an
 * order rotated each round; the report gives each round and the median, and the library's ratio to each.
 *
 * <p>Run (builds, then starts an embedded PostgreSQL 17 with {@code synchronous_commit=on}):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres -Dbench.args="bench.scenarios=b,c bench.seconds=10"
 * </pre>
 * Settings, as {@code key=value} arguments or system properties: {@code bench.seconds} measured per run (5),
 * {@code bench.warmup} seconds before it (2), {@code bench.rounds} (3), {@code bench.writers} (8),
 * {@code bench.events} per save in b and c (10), {@code bench.work-ms} (5), {@code bench.scenarios} (a,b,c),
 * {@code bench.variants} (library,floor,lock,axon), {@code bench.fsync} and {@code bench.synchronous-commit} of the
 * embedded server (on, on), {@code bench.statements=true} to print the server's costliest statements per run;
 * {@code bench.postgres.host/port/dbname/user/password} for an external server instead.
 */
public final class PostgresSideBySide {

    private PostgresSideBySide() {
    }

    private record Scenario(String name, String description, int writers, int events, boolean jta, int workMs) {
    }

    public static void main(String[] args) throws Exception {
        setProperties(args);
        int seconds = Integer.getInteger("bench.seconds", 5);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int writers = Integer.getInteger("bench.writers", 8);
        int events = Integer.getInteger("bench.events", 10);
        int workMs = Integer.getInteger("bench.work-ms", 5);
        List<String> scenarioNames = list(System.getProperty("bench.scenarios", "a,b,c"));
        List<String> variantNames = list(System.getProperty("bench.variants", "library,floor,lock,axon"));

        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("a", new Scenario("a", "1 writer, 1-event saves, own transactions", 1, 1, false, 0));
        scenarios.put("b", new Scenario("b", writers + " writers, " + events + "-event saves, own transactions",
                writers, events, false, 0));
        scenarios.put("c", new Scenario("c", writers + " writers, " + events + "-event saves, JTA, " + workMs
                + " ms work after save", writers, events, true, workMs));
        Map<String, Writer.Variant> variants = new LinkedHashMap<>();
        for (Writer.Variant v : List.of(new LibraryVariant(), new SqlVariant(false), new SqlVariant(true),
                new AxonVariant())) {
            if (variantNames.contains(v.name())) {
                variants.put(v.name(), v);
            }
        }

        try (Server server = Server.start()) {
            System.out.printf("PostgreSQL: %s%n", server.describe());
            System.out.printf("JVM %s, %d cores; %d s measured after %d s warm-up, %d rounds%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), seconds, warmup,
                    rounds);
            String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
            List<String> summary = new ArrayList<>();
            for (String scenarioName : scenarioNames) {
                Scenario scenario = scenarios.get(scenarioName);
                if (scenario == null) {
                    throw new IllegalArgumentException("Unknown scenario " + scenarioName + ": expected a, b or c");
                }
                List<Writer.Variant> runnable = new ArrayList<>();
                for (Writer.Variant v : variants.values()) {
                    if (!scenario.jta() || v.supportsJta()) {
                        runnable.add(v);
                    }
                }
                System.out.printf("%n== %s: %s (load average %s)%n", scenario.name(), scenario.description(),
                        loadAverage());
                Map<String, double[]> results = new LinkedHashMap<>();
                for (Writer.Variant v : runnable) {
                    results.put(v.name(), new double[rounds]);
                }
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < runnable.size(); i++) {
                        Writer.Variant v = runnable.get((i + round) % runnable.size());
                        String schema = "bench_" + run + "_" + scenario.name() + "_" + v.name() + "_" + round;
                        double perSecond;
                        String statements;
                        try (Writer writer = v.open(server, schema, scenario.writers(), scenario.jta())) {
                            server.resetStatements();
                            perSecond = measure(writer, scenario, warmup, seconds);
                            statements = server.topStatements(4);
                        }
                        server.execute("DROP SCHEMA " + schema + " CASCADE");
                        results.get(v.name())[round] = perSecond;
                        System.out.printf("   round %d %-8s %,10.0f events/s  (load average %s)%n", round + 1,
                                v.name(), perSecond, loadAverage());
                        System.out.print(statements);
                    }
                }
                System.out.printf("-- %s: median events/s; library / other%n", scenario.name());
                double library = results.containsKey("library") ? median(results.get("library")) : Double.NaN;
                for (Map.Entry<String, double[]> e : results.entrySet()) {
                    double m = median(e.getValue());
                    String ratio = e.getKey().equals("library") || Double.isNaN(library) ? ""
                            : String.format(Locale.ROOT, "library/%s = %.2f", e.getKey(), library / m);
                    String line = String.format(Locale.ROOT, "%s  %-8s %,10.0f  rounds %s  %s", scenario.name(),
                            e.getKey(), m, rounds(e.getValue()), ratio);
                    System.out.println(line);
                    summary.add(line);
                }
            }
            System.out.printf("%n== Summary (load average at end %s)%n", loadAverage());
            summary.forEach(System.out::println);
        }
        System.exit(0);
    }

    /** @return events per second of all the scenario's writers over the measured seconds */
    private static double measure(Writer writer, Scenario scenario, int warmupSeconds, int seconds)
            throws Exception {
        AtomicLong saved = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        boolean[] stop = new boolean[1];
        Object stopLock = new Object();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < scenario.writers(); t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        synchronized (stopLock) {
                            if (stop[0]) {
                                return;
                            }
                        }
                        if (scenario.jta()) {
                            saveInTransaction(writer, scenario);
                        } else {
                            writer.save(scenario.events());
                        }
                        saved.addAndGet(scenario.events());
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "writer-" + t);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(warmupSeconds * 1000L);
        long start = System.nanoTime();
        long before = saved.get();
        Thread.sleep(seconds * 1000L);
        long after = saved.get();
        long elapsed = System.nanoTime() - start;
        synchronized (stopLock) {
            stop[0] = true;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A writer failed", failure.get());
        }
        return (after - before) / (elapsed / 1e9);
    }

    /** Sets the {@code key=value} arguments (one or more per argument, spaces between) as system properties. */
    static void setProperties(String[] args) {
        for (String arg : args) {
            for (String pair : arg.trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    System.setProperty(pair.substring(0, eq), pair.substring(eq + 1));
                } else if (!pair.isBlank()) {
                    throw new IllegalArgumentException("Expected key=value, got " + pair);
                }
            }
        }
    }

    private static void saveInTransaction(Writer writer, Scenario scenario) throws Exception {
        Jta.TM.begin();
        try {
            writer.save(scenario.events());
            if (scenario.workMs() > 0) {
                Thread.sleep(scenario.workMs());
            }
        } catch (Exception | Error e) {
            if (Jta.TM.getStatus() != Status.STATUS_NO_TRANSACTION) {
                Jta.TM.rollback();
            }
            throw e;
        }
        Jta.TM.commit();
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String rounds(double[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", values[i]));
        }
        return text.append(']').toString();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
