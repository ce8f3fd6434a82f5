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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Issue 4's benchmark: write and read throughput on PostgreSQL of the library next to what it should be compared
 * with, interleaved in one JVM against one server, so that the ratios hold even on a busy machine.
 *
 * <p>Scenarios (per second, all threads together):
 * <ul>
 * <li>{@code a}: one thread, single-event saves (a new Dog each), each in its own transaction (events/s);</li>
 * <li>{@code b}: {@code bench.writers} (8) threads, each save a new Dog of {@code bench.events} (10) events in its
 * own transaction (events/s);</li>
 * <li>{@code c}: as b, but each save inside a JTA transaction (Narayana, Agroal pool enlisting its connections)
 * that stays open {@code bench.work-ms} (5) ms after the save for the caller's other work, then commits
 * (events/s);</li>
 * <li>{@code d}: {@code bench.readers} (8) threads, each getting a random one of {@code bench.aggregates} (10,000)
 * Dogs of {@code bench.events} events by id, decoded (aggregates/s);</li>
 * <li>{@code e}: one thread reading the log of those Dogs' events in pages of {@code bench.page} (100), from 1 to
 * the end and again, as stored (notifications/s).</li>
 * </ul>
 * Strategies: {@code library} ({@link LibraryVariant}, {@link LibraryReader}: the ordering guarantee by numbering
 * after the commit, under an advisory lock), {@code floor} ({@link SqlVariant}, {@link SqlReader}: plain JDBC over
 * an equivalent table, the same rows, without ordering guarantee), {@code lock} ({@link SqlVariant}: the floor's
 * batches under the Python library's {@code LOCK TABLE ... IN EXCLUSIVE MODE}; writes only), {@code axon}
 * ({@link AxonVariant}, {@link AxonReader}: Axon's JdbcEventStorageEngine; all but c). Every (scenario, strategy,
 * round) runs on fresh tables in a schema of its own (d and e fill them first, not measured); the strategies run one
 * after the other within a round, in an order rotated each round; the report gives each round and the median, and
 * the library's ratio to each.
 *
 * <p>Run (builds, then starts an embedded PostgreSQL 17 with {@code synchronous_commit=on}):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres -Dbench.args="bench.scenarios=b,c bench.seconds=10"
 * </pre>
 * Settings, as {@code key=value} arguments or system properties: {@code bench.seconds} measured per run (5),
 * {@code bench.warmup} seconds before it (2), {@code bench.rounds} (3), {@code bench.writers} (8),
 * {@code bench.events} per Dog in b to e (10), {@code bench.work-ms} (5), {@code bench.readers} (8),
 * {@code bench.aggregates} (10,000), {@code bench.page} (100), {@code bench.scenarios} (a,b,c,d,e),
 * {@code bench.variants} (library,floor,lock,axon), {@code bench.library-pool-extra} (0: the library's own pool has a
 * connection per writer, as the others; 1 gives its sequencer one of its own), {@code bench.fsync} and
 * {@code bench.synchronous-commit} of the
 * embedded server (on, on), {@code bench.statements=true} to print the server's costliest statements per run;
 * {@code bench.postgres.host/port/dbname/user/password} for an external server instead.
 */
public final class PostgresSideBySide {

    private PostgresSideBySide() {
    }

    /** What a scenario measures: saves, aggregates got, or notifications read from the log. */
    private enum Kind {
        WRITE("events/s"), GET("aggregates/s"), LOG("notifications/s");

        final String unit;

        Kind(String unit) {
            this.unit = unit;
        }
    }

    private record Scenario(String name, String description, Kind kind, int threads, int events, boolean jta,
                            int workMs) {
    }

    /** One thread's unit of work in a measured run: @return how many events, aggregates or notifications it did */
    interface Op {
        long run() throws Exception;
    }

    /** What one run measured: per second, and where the server's time went (or nothing). */
    private record Result(double perSecond, String statements) {
    }

    public static void main(String[] args) throws Exception {
        setProperties(args);
        int seconds = Integer.getInteger("bench.seconds", 5);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int writers = Integer.getInteger("bench.writers", 8);
        int events = Integer.getInteger("bench.events", 10);
        int workMs = Integer.getInteger("bench.work-ms", 5);
        int readers = Integer.getInteger("bench.readers", 8);
        int aggregates = Integer.getInteger("bench.aggregates", 10_000);
        int page = Integer.getInteger("bench.page", 100);
        List<String> scenarioNames = list(System.getProperty("bench.scenarios", "a,b,c,d,e"));
        List<String> variantNames = list(System.getProperty("bench.variants", "library,floor,lock,axon"));

        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("a", new Scenario("a", "1 writer, 1-event saves, own transactions", Kind.WRITE, 1, 1, false,
                0));
        scenarios.put("b", new Scenario("b", writers + " writers, " + events + "-event saves, own transactions",
                Kind.WRITE, writers, events, false, 0));
        scenarios.put("c", new Scenario("c", writers + " writers, " + events + "-event saves, JTA, " + workMs
                + " ms work after save", Kind.WRITE, writers, events, true, workMs));
        scenarios.put("d", new Scenario("d", readers + " readers, get a random one of " + aggregates + " Dogs of "
                + events + " events", Kind.GET, readers, events, false, 0));
        scenarios.put("e", new Scenario("e", "1 reader, the log of " + (long) aggregates * events
                + " events in pages of " + page + ", from 1 to the end, over and over", Kind.LOG, 1, events, false,
                0));
        Map<String, Writer.Variant> writeVariants = new LinkedHashMap<>();
        for (Writer.Variant v : List.of(new LibraryVariant(), new SqlVariant(false), new SqlVariant(true),
                new AxonVariant())) {
            if (variantNames.contains(v.name())) {
                writeVariants.put(v.name(), v);
            }
        }
        Map<String, Reader.Variant> readVariants = new LinkedHashMap<>();
        for (Reader.Variant v : List.of(new LibraryReader(), new SqlReader(), new AxonReader())) {
            if (variantNames.contains(v.name())) {
                readVariants.put(v.name(), v);
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
                    throw new IllegalArgumentException("Unknown scenario " + scenarioName + ": expected a, b, c, d or e");
                }
                List<String> runnable = new ArrayList<>();
                if (scenario.kind() == Kind.WRITE) {
                    for (Writer.Variant v : writeVariants.values()) {
                        if (!scenario.jta() || v.supportsJta()) {
                            runnable.add(v.name());
                        }
                    }
                } else {
                    runnable.addAll(readVariants.keySet());
                }
                System.out.printf("%n== %s: %s (load average %s)%n", scenario.name(), scenario.description(),
                        loadAverage());
                Map<String, double[]> results = new LinkedHashMap<>();
                for (String name : runnable) {
                    results.put(name, new double[rounds]);
                }
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < runnable.size(); i++) {
                        String name = runnable.get((i + round) % runnable.size());
                        String schema = "bench_" + run + "_" + scenario.name() + "_" + name + "_" + round;
                        Result result = scenario.kind() == Kind.WRITE
                                ? write(server, writeVariants.get(name), schema, scenario, warmup, seconds)
                                : read(server, readVariants.get(name), schema, scenario, aggregates, page, warmup,
                                seconds);
                        server.execute("DROP SCHEMA " + schema + " CASCADE");
                        results.get(name)[round] = result.perSecond();
                        System.out.printf("   round %d %-8s %,10.0f %s  (load average %s)%n", round + 1, name,
                                result.perSecond(), scenario.kind().unit, loadAverage());
                        System.out.print(result.statements());
                    }
                }
                System.out.printf("-- %s: median %s; library / other%n", scenario.name(), scenario.kind().unit);
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

    /** Saves in the scenario's writer threads (in JTA transactions in c); @return events per second */
    private static Result write(Server server, Writer.Variant variant, String schema, Scenario scenario, int warmup,
                                int seconds) throws Exception {
        try (Writer writer = variant.open(server, schema, scenario.threads(), scenario.jta())) {
            server.resetStatements();
            double perSecond = measure(scenario.threads(), warmup, seconds, () -> () -> {
                if (scenario.jta()) {
                    saveInTransaction(writer, scenario);
                } else {
                    writer.save(scenario.events());
                }
                return scenario.events();
            });
            return new Result(perSecond, server.topStatements(4));
        }
    }

    /**
     * Fills fresh tables (not measured), checks that the log holds notifications 1 to {@code aggregates * events},
     * vacuums and analyses them as autovacuum would in use, then reads in the scenario's reader threads: d gets
     * random aggregates (aggregates per second), e reads the log page by page from 1 to the end and again
     * (notifications per second).
     */
    private static Result read(Server server, Reader.Variant variant, String schema, Scenario scenario,
                               int aggregates, int page, int warmup, int seconds) throws Exception {
        try (Reader reader = variant.open(server, schema, scenario.threads(), aggregates, scenario.events())) {
            long total = (long) aggregates * scenario.events();
            if (reader.page(total, 1) != 1 || reader.page(total + 1, 1) != 0) {
                throw new IllegalStateException(variant.name() + ": the log does not end at " + total);
            }
            server.execute("VACUUM (ANALYZE)");
            server.resetStatements();
            List<UUID> ids = reader.ids();
            double perSecond = measure(scenario.threads(), warmup, seconds, () -> {
                if (scenario.kind() == Kind.GET) {
                    return () -> {
                        int events = reader.get(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
                        if (events != scenario.events()) {
                            throw new IllegalStateException(variant.name() + " got a Dog of " + events + " events");
                        }
                        return 1;
                    };
                }
                long[] next = {1};
                return () -> {
                    int read = reader.page(next[0], page);
                    next[0] = read < page ? 1 : next[0] + read;
                    return read;
                };
            });
            return new Result(perSecond, server.topStatements(4));
        }
    }

    /**
     * Runs {@code threads} threads, each repeating the operation the supplier gives it, for the warm-up and then the
     * measured seconds.
     *
     * @return what the operations did per second, all threads together, over the measured seconds
     */
    static double measure(int threads, int warmupSeconds, int seconds, Supplier<Op> operation)
            throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Op op = operation.get();
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        done.addAndGet(op.run());
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + t);
            running.add(thread);
            thread.start();
        }
        Thread.sleep(warmupSeconds * 1000L);
        long start = System.nanoTime();
        long before = done.get();
        Thread.sleep(seconds * 1000L);
        long after = done.get();
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        for (Thread thread : running) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A thread failed", failure.get());
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

    static double median(double[] values) {
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

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
