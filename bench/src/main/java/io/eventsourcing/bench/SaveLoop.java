package io.eventsourcing.bench;

import io.eventsourcing.application.Application;

import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * {@link InMemoryBenchmark#save}'s loop, for {@link VersionsSideBySide}: saves new Dogs of {@code bench.events} events
 * in memory (a new store every {@value InMemoryBenchmark#STORE_EVENTS} events) for the nanoseconds given, and returns
 * how many it saved. Loaded once per version of the library, each in its own class loader.
 */
public final class SaveLoop implements LongUnaryOperator {

    private final int events = Integer.getInteger("bench.events", 1);
    private final String[] tricks = new String[events];
    private Application app;
    private int stored;

    public SaveLoop() {
        for (int i = 0; i < tricks.length; i++) {
            tricks[i] = "trick " + i;
        }
        app = new Application(Map.of("eventsourcing.persistence", "memory"));
    }

    @Override
    public long applyAsLong(long nanos) {
        long end = System.nanoTime() + nanos;
        long saves = 0;
        do {
            for (int i = 0; i < 100; i++) {
                if (stored >= InMemoryBenchmark.STORE_EVENTS) {
                    app.close();
                    app = new Application(Map.of("eventsourcing.persistence", "memory"));
                    stored = 0;
                }
                Dog dog = new Dog("Fido");
                for (int t = 1; t < events; t++) {
                    dog.addTrick(tricks[t]);
                }
                app.save(dog);
                stored += events;
            }
            saves += 100;
        } while (System.nanoTime() < end);
        return saves;
    }
}
