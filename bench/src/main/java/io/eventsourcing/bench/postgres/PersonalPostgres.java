package io.eventsourcing.bench.postgres;

import io.eventsourcing.application.Application;
import io.eventsourcing.bench.PersonalDataBenchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 14 on PostgreSQL: writes with personal data on ({@code personal}: {@link io.eventsourcing.bench.Customer},
 * two {@code @PersonalData} strings per event, a new data key per save stored in the events' transaction) against
 * off ({@code plain}: {@link io.eventsourcing.bench.PlainCustomer}, the same events without the annotations), both
 * with {@code eventsourcing.cipher.key} set and states encrypted, {@code eventsourcing.persistence=postgres}. Two
 * scenarios: {@code 1}, one writer saving 1-event customers; {@code 10}, {@code bench.writers} (8) writers saving
 * 10-event customers; each save its own transaction, the pool a connection per writer and one for the sequencer.
 * The variants alternate within each round (order rotated every
 * round), each run on fresh tables in a schema of its own; the report gives saves/s per round, the median, and
 * personal/plain.
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests exec:exec@postgres \
 *     -Dbench.main=io.eventsourcing.bench.postgres.PersonalPostgres -Dbench.args="bench.rounds=5"
 * </pre>
 * Settings: {@code bench.seconds} (5), {@code bench.warmup} (2), {@code bench.rounds} (5), {@code bench.writers} (8),
 * {@code bench.scenarios} (1,10), {@code bench.statements=true} to print each run's costliest statements, and the
 * server's ({@link Server}).
 */
public final class PersonalPostgres {

    private PersonalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        PostgresSideBySide.setProperties(args);
        int seconds = Integer.getInteger("bench.seconds", 5);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int writers = Integer.getInteger("bench.writers", 8);
        String[] variants = {"personal", "plain"};
        try (Server server = Server.start()) {
            System.out.printf("%s; %d rounds of %d s after %d s of warm-up; load average %s%n", server.describe(),
                    rounds, seconds, warmup, PostgresSideBySide.loadAverage());
            Map<String, String> summary = new LinkedHashMap<>();
            for (String scenario : System.getProperty("bench.scenarios", "1,10").split(",")) {
                int events = Integer.parseInt(scenario.trim());
                int threads = events == 1 ? 1 : writers;
                System.out.printf("%n== %d writer(s), saves of a customer of %d event(s), own transactions%n",
                        threads, events);
                double[][] saves = new double[variants.length][rounds];
                double[] ratios = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < variants.length; i++) {
                        int v = (i + round) % variants.length;
                        String schema = "bench_personal_" + events + "_" + variants[v] + "_" + round;
                        server.resetStatements();
                        saves[v][round] = write(server, schema, v == 0, events, threads, warmup, seconds);
                        String statements = server.topStatements(8);
                        server.execute("DROP SCHEMA " + schema + " CASCADE");
                        System.out.printf("   round %d %-8s %,10.0f saves/s %,10.0f events/s  (load average %s)%n",
                                round + 1, variants[v], saves[v][round], saves[v][round] * events,
                                PostgresSideBySide.loadAverage());
                        System.out.print(statements);
                    }
                    ratios[round] = saves[0][round] / saves[1][round];
                }
                String line = String.format("%2d event(s) x %d writer(s): personal %,8.0f saves/s, plain %,8.0f"
                        + " saves/s (medians); personal/plain %.3f (median of the rounds' ratios)", events, threads,
                        PostgresSideBySide.median(saves[0]), PostgresSideBySide.median(saves[1]),
                        PostgresSideBySide.median(ratios));
                summary.put(scenario, line);
                System.out.println(line);
            }
            System.out.printf("%n== Summary (load average at end %s)%n", PostgresSideBySide.loadAverage());
            summary.values().forEach(System.out::println);
        }
    }

    /** @return saves per second of new customers, personal or plain, by that many writers */
    private static double write(Server server, String schema, boolean personal, int events, int threads, int warmup,
                                int seconds) throws Exception {
        // A connection per writer, and one for the sequencer that numbers the log after commit: with as many as
        // writers only, one writer and the sequencer take turns for one connection, which a personal save (two
        // takes: its new key's SELECT, then the insert) suffers more than a plain one (wall-clock profile: the
        // writer waited for the pool 40% of the time, and rounds fell from 7,000 to 1,800 saves/s and back).
        Map<String, String> library = server.librarySettings(schema, threads + 1);
        Map<String, String> settings = new LinkedHashMap<>(library);
        settings.putAll(PersonalDataBenchmark.settings(1000));
        settings.putAll(library);     // persistence=postgres, not memory
        try (Application app = new Application(settings)) {
            AtomicInteger n = new AtomicInteger();
            return PostgresSideBySide.measure(threads, warmup, seconds, () -> () -> {
                app.save(PersonalDataBenchmark.newCustomer(personal, events, n.incrementAndGet()));
                return 1;
            });
        }
    }
}
