package io.eventsourcing.bench.postgres;

import io.eventsourcing.application.Application;
import io.eventsourcing.bench.Dog;
import io.eventsourcing.config.Settings;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a snapshot saves on {@code repository().get(id)}: a Dog of {@code bench.events} (1,000) events got by id,
 * rebuilt from its events and, in an application that took a snapshot of it, from the snapshot; in memory and on
 * PostgreSQL (the server of {@link PostgresSideBySide}). Prints gets per second, side by side, per round.
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres -Dbench.main=io.eventsourcing.bench.postgres.SnapshotGain
 * </pre>
 */
public final class SnapshotGain {

    private SnapshotGain() {
    }

    public static void main(String[] args) throws Exception {
        PostgresSideBySide.setProperties(args);
        int events = Integer.getInteger("bench.events", 1000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        long millis = Long.getLong("bench.millis", 3000);
        try (Server server = Server.start()) {
            System.out.printf("A Dog of %d events; load average %s%n", events, PostgresSideBySide.loadAverage());
            for (String persistence : new String[]{"memory", "postgres"}) {
                Map<String, String> settings = new HashMap<>(persistence.equals("memory")
                        ? Map.of("eventsourcing.persistence", "memory")
                        : server.librarySettings("snapshot_gain_" + System.nanoTime() % 100_000, 2));
                settings.put(Settings.SNAPSHOTTING, "true");
                try (Application app = new Application(settings)) {
                    Dog dog = new Dog("Fido");
                    for (int i = 1; i < events; i++) {
                        dog.addTrick("trick " + i);
                    }
                    app.save(dog);
                    UUID withSnapshot = dog.id();
                    Dog other = new Dog("Rex");
                    for (int i = 1; i < events; i++) {
                        other.addTrick("trick " + i);
                    }
                    app.save(other);
                    UUID eventsOnly = other.id();
                    app.takeSnapshot(withSnapshot);
                    for (int round = 1; round <= rounds; round++) {
                        long fromEvents = gets(app, eventsOnly, millis);
                        long fromSnapshot = gets(app, withSnapshot, millis);
                        System.out.printf(Locale.ROOT, "%-9s round %d: from events %,8d gets/s, from the snapshot"
                                        + " %,8d gets/s: %.1fx  (load average %s)%n", persistence, round, fromEvents,
                                fromSnapshot, (double) fromSnapshot / fromEvents, PostgresSideBySide.loadAverage());
                    }
                }
            }
        }
    }

    private static long gets(Application app, UUID id, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long started = System.nanoTime();
        long count = 0;
        while (System.nanoTime() < deadline) {
            Dog dog = app.repository().get(id);
            if (dog.version() == 0) {
                throw new IllegalStateException();
            }
            count++;
        }
        return count * 1_000_000_000L / (System.nanoTime() - started);
    }
}
