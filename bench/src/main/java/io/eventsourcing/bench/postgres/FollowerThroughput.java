package io.eventsourcing.bench.postgres;

import io.eventsourcing.application.Application;
import io.eventsourcing.bench.Dog;
import io.eventsourcing.bench.TrickCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast a process application catches up with a log: {@code bench.dogs} (100) Dogs of {@code bench.tricks} (100)
 * tricks each are stored, then {@link TrickCounts} processes the {@code dogs × tricks} TrickAdded notifications
 * (a repository get of its counter, one of {@code bench.kinds} (50) tricks, and one transaction storing the counter's
 * event with the tracking record, per notification), in memory and on PostgreSQL (the server of
 * {@link PostgresSideBySide}, fsync on). Prints notifications processed per second, per round.
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
        try (Server server = Server.start()) {
            System.out.printf("%d notifications to process per round, %d counters; load average %s%n",
                    dogs * tricks, kinds, PostgresSideBySide.loadAverage());
            for (String persistence : List.of("memory", "postgres")) {
                List<Long> perSecond = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    Map<String, String> settings = persistence.equals("memory")
                            ? Map.of("eventsourcing.persistence", "memory")
                            : server.librarySettings("follow_" + persistence + "_" + round + "_"
                            + System.nanoTime() % 100_000, 5);
                    perSecond.add(round(settings, dogs, tricks, kinds));
                }
                System.out.printf(Locale.ROOT, "%-9s %,9d notifications/s  rounds %s  (load average %s)%n",
                        persistence, perSecond.stream().sorted().toList().get(rounds / 2), perSecond,
                        PostgresSideBySide.loadAverage());
            }
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
