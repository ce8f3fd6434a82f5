package io.eventsourcing.bench.postgres;

import io.eventsourcing.application.Application;
import io.eventsourcing.bench.Dog;
import io.eventsourcing.bench.TrickCounts;
import io.eventsourcing.config.Settings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast a process application catches up with a log: {@code bench.dogs} (100) Dogs of {@code bench.tricks} (100)
 * tricks each are stored, then {@link TrickCounts} processes the {@code dogs × tricks} TrickAdded notifications
 * (a repository get of its counter, one of {@code bench.kinds} (50) tricks, its event stored with the tracking of
 * the batch), in memory and on PostgreSQL (the server of {@link PostgresSideBySide}, fsync on), with batches of 100
 * and, on PostgreSQL, of 1 (a transaction per notification), side by side. Prints notifications processed per
 * second, per round, and the medians.
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres \
 *     -Dbench.main=io.eventsourcing.bench.postgres.FollowerThroughput
 * </pre>
 */
public final class FollowerThroughput {

    private FollowerThroughput() {
    }

    public static void main(String[] args) throws Exception {
        PostgresSideBySide.setProperties(args);
        int dogs = Integer.getInteger("bench.dogs", 100);
        int tricks = Integer.getInteger("bench.tricks", 100);
        int kinds = Integer.getInteger("bench.kinds", 50);
        int rounds = Integer.getInteger("bench.rounds", 3);
        // Side by side: the variants one after the other in each round, in an order rotated each round.
        List<String> variants = List.of("memory/100", "postgres/1", "postgres/100");
        try (Server server = Server.start()) {
            System.out.printf("%d notifications to process per round, %d counters; load average %s%n",
                    dogs * tricks, kinds, PostgresSideBySide.loadAverage());
            Map<String, List<Long>> perSecond = new LinkedHashMap<>();
            variants.forEach(variant -> perSecond.put(variant, new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    String variant = variants.get((i + round) % variants.size());
                    String persistence = variant.substring(0, variant.indexOf('/'));
                    String batch = variant.substring(variant.indexOf('/') + 1);
                    Map<String, String> settings = new HashMap<>(persistence.equals("memory")
                            ? Map.of("eventsourcing.persistence", "memory")
                            : server.librarySettings("follow_" + round + "_" + batch + "_"
                            + System.nanoTime() % 100_000, 5));
                    settings.put(Settings.BATCH_SIZE, batch);
                    long result = round(settings, dogs, tricks, kinds);
                    perSecond.get(variant).add(result);
                    System.out.printf(Locale.ROOT, "  round %d %-13s %,9d notifications/s  (load average %s)%n",
                            round, variant, result, PostgresSideBySide.loadAverage());
                }
            }
            Map<String, Long> medians = new LinkedHashMap<>();
            perSecond.forEach((variant, values) -> medians.put(variant, values.stream().sorted().toList()
                    .get(rounds / 2)));
            perSecond.forEach((variant, values) -> System.out.printf(Locale.ROOT,
                    "%-13s %,9d notifications/s (batch size after the slash)  rounds %s%n", variant,
                    medians.get(variant), values));
            System.out.printf(Locale.ROOT, "postgres batch 100 / batch 1: %.1f%n",
                    (double) medians.get("postgres/100") / medians.get("postgres/1"));
        }
    }

    static long round(Map<String, String> settings, int dogs, int tricks, int kinds) {
        try (Application leader = new Application(settings); TrickCounts follower = new TrickCounts(settings)) {
            for (int d = 0; d < dogs; d++) {
                Dog dog = new Dog("dog " + d);
                for (int t = 0; t < tricks; t++) {
                    dog.addTrick("trick " + (d * tricks + t) % kinds);
                }
                leader.save(dog);
            }
            follower.follow(leader);
            long started = System.nanoTime();
            int processed = follower.pullAndProcess(leader.name());
            long nanos = System.nanoTime() - started;
            if (processed != dogs * tricks) {
                throw new IllegalStateException("Processed " + processed + " of " + dogs * tricks);
            }
            return processed * 1_000_000_000L / nanos;
        }
    }
}
