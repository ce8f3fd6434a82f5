package io.eventsourcing.bench.axon;

import io.eventsourcing.bench.InMemoryBenchmark;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.serialization.json.JacksonSerializer;
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

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Axon Framework 4.13's side of {@link io.eventsourcing.bench.InMemoryBenchmark}: the same Dog (registered, then
 * {@code events - 1} tricks), the same three operations under the same names, the same JMH settings, so one run
 * prints both in one table ({@code -Djmh.args="InMemoryBenchmark"} matches both classes).
 *
 * <p>What each side does per operation:
 * <ul>
 * <li>{@code triggerAndApply} — ours: {@code new Dog} and {@code addTrick} call {@code trigger}, which applies each
 * event through a cached method handle and keeps it pending; {@code collectEvents()} copies the list. Axon: a
 * {@link DefaultUnitOfWork} is started, {@code repository.newInstance} runs the constructor and one
 * {@code execute} adds the tricks, each {@code AggregateLifecycle.apply} invoking the {@code @EventSourcingHandler}
 * and staging the event on the event bus; the unit of work is rolled back so nothing is stored. The unit of work
 * and the repository's lock are part of how Axon runs a command, so they are counted.</li>
 * <li>{@code save} — ours: the above, then {@code Application.save}: each event mapped to JSON bytes (a
 * {@code StoredEvent}), checked and appended to the in-memory recorder with a notification id. Axon: the above,
 * committed: the event store appends the staged messages to the storage engine.</li>
 * <li>{@code get} — ours: select the stored events, map them from JSON, replay. Axon: in a unit of work,
 * {@code repository.load(id)} reads the aggregate's event stream and replays it; the unit of work is committed.</li>
 * </ul>
 *
 * <p>{@code storage=objects} is Axon's {@link InMemoryEventStorageEngine}: it keeps the event message objects and
 * serialises nothing (and reads an aggregate by scanning every stored event; here only one aggregate is stored for
 * {@code get}, so that costs nothing extra). That is cheaper than what our in-memory recorder does, which stores
 * JSON bytes. {@code storage=json} is {@link SerializingInMemoryStorageEngine}: Axon's {@code JacksonSerializer}
 * turns payload and metadata into bytes on append and back on load, as Axon's JDBC engine does, so it compares
 * like for like with ours. Axon's events also carry metadata (an empty map here) and an event identifier (a random
 * UUID string per event); ours carry a timestamp. Axon's creation event carries the aggregate id in its payload.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec -Djmh.args="InMemoryBenchmark"
 * mvn -B -q -pl bench -am package -DskipTests exec:exec -Djmh.args="InMemoryBenchmark.save -p events=10"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AxonInMemoryBenchmark {

    @Param({"1", "10", "1000"})
    int events;

    @Param({"objects", "json"})
    String storage;

    private EmbeddedEventStore eventStore;
    private EventSourcingRepository<AxonDog> repository;
    private String savedId;
    private int stored;
    private final String[] tricks = new String[1000];

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        for (int i = 0; i < tricks.length; i++) {
            tricks[i] = "trick " + i;
        }
        newStore();
    }

    /** A fresh event store holding one saved Dog (see {@link io.eventsourcing.bench.InMemoryBenchmark#STORE_EVENTS}). */
    private void newStore() throws Exception {
        EventStorageEngine engine = switch (storage) {
            case "objects" -> new InMemoryEventStorageEngine();
            case "json" -> new SerializingInMemoryStorageEngine(JacksonSerializer.defaultSerializer());
            default -> throw new IllegalArgumentException("storage must be objects or json, was " + storage);
        };
        eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        repository = EventSourcingRepository.builder(AxonDog.class).eventStore(eventStore).build();
        stored = 0;
        savedId = save().invoke(AxonDog::id);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        eventStore.shutDown();
    }

    private Aggregate<AxonDog> newDog() throws Exception {
        Aggregate<AxonDog> dog = repository.newInstance(() -> new AxonDog(UUID.randomUUID().toString(), "Fido"));
        if (events > 1) {
            dog.execute(d -> {
                for (int i = 1; i < events; i++) {
                    d.addTrick(tricks[i]);
                }
            });
        }
        return dog;
    }

    /** Creates an aggregate and applies its events in a unit of work that is rolled back: nothing is stored. */
    @Benchmark
    public Aggregate<AxonDog> triggerAndApply() throws Exception {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return newDog();
        } finally {
            unitOfWork.rollback();
        }
    }

    /** Creates an aggregate and commits the unit of work: the event store appends its events. */
    @Benchmark
    public Aggregate<AxonDog> save() throws Exception {
        if (stored >= InMemoryBenchmark.STORE_EVENTS) {
            eventStore.shutDown();
            newStore();
        }
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        Aggregate<AxonDog> dog;
        try {
            dog = newDog();
        } catch (Exception | Error e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
        stored += events;
        return dog;
    }

    /** Loads the saved aggregate in a unit of work: reading its events (deserialising them for json), replaying. */
    @Benchmark
    public AxonDog get() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        AxonDog dog = repository.load(savedId).invoke(Function.identity());
        unitOfWork.commit();
        stored += events;
        return dog;
    }
}
