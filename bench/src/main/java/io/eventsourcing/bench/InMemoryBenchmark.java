package io.eventsourcing.bench;

import io.eventsourcing.application.Application;
import io.eventsourcing.domain.DomainEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates of 1, 10 and 1000 events, in memory: triggering and applying the events, saving them (mapping to JSON
 * and recording) and getting the aggregate back (reading, mapping from JSON, replaying). Each operation handles
 * {@code events} events, so events/s = ops/s x events.
 *
 * <p>{@link io.eventsourcing.bench.axon.AxonInMemoryBenchmark} does the same with Axon Framework; the pattern
 * {@code InMemoryBenchmark} matches both classes, so the first command runs them side by side (see bench/README.md);
 * {@code bench.InMemoryBenchmark} runs ours only.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec -Djmh.main=io.eventsourcing.bench.EventsPerSecond \
 *     -Djmh.args="InMemoryBenchmark"
 * mvn -B -q -pl bench -am package -DskipTests exec:exec -Djmh.args="bench.InMemoryBenchmark -p events=10 -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InMemoryBenchmark {

    /**
     * {@code save} starts a new store after this many events, so that the heap does not fill with everything saved
     * in the iteration: without it, more than half of {@code save}'s time went to the garbage collector copying the
     * growing store, not to saving. The same in {@link io.eventsourcing.bench.axon.AxonInMemoryBenchmark}.
     */
    public static final int STORE_EVENTS = 50_000;

    @Param({"1", "10", "1000"})
    int events;

    private Application app;
    private UUID savedId;
    private int stored;
    private final String[] tricks = new String[1000];

    @Setup(Level.Iteration)
    public void setUp() {
        for (int i = 0; i < tricks.length; i++) {
            tricks[i] = "trick " + i;
        }
        newStore();
    }

    private void newStore() {
        app = new Application(Map.of("eventsourcing.persistence", "memory"));
        Dog dog = newDog();
        app.save(dog);
        savedId = dog.id();
        stored = events;
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        app.close();
    }

    private Dog newDog() {
        Dog dog = new Dog("Fido");
        for (int i = 1; i < events; i++) {
            dog.addTrick(tricks[i]);
        }
        return dog;
    }

    /** Creates an aggregate and triggers its events: apply through cached method handles. */
    @Benchmark
    public List<DomainEvent> triggerAndApply() {
        return newDog().collectEvents();
    }

    /** Creates an aggregate and saves its events: JSON mapping and the in-memory recorder. */
    @Benchmark
    public Dog save() {
        if (stored >= STORE_EVENTS) {
            app.close();
            newStore();
        }
        Dog dog = newDog();
        app.save(dog);
        stored += events;
        return dog;
    }

    /** Gets the saved aggregate: selecting its events, mapping them from JSON and replaying them. */
    @Benchmark
    public Dog get() {
        return app.repository().get(savedId);
    }
}
