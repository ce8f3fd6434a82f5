package io.eventsourcing.bench;

import io.eventsourcing.application.Application;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.serialization.Mapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12, in memory: a {@link io.eventsourcing.system.Projection} ({@link TrickTally}, counting each Dog's tricks
 * into a map) processing the whole log of an in-memory application holding {@value #NOTIFICATIONS} notifications
 * (10,000 Dogs of 10 events), from position 0 with a fresh projection per invocation. Every benchmark handles
 * {@value #NOTIFICATIONS} notifications per invocation, so ops/s are <b>notifications per second</b>. Beside it, what
 * its parts cost alone, to say where its time goes:
 * <ul>
 * <li>{@code pullAndProcess}: the projection, as users run it;</li>
 * <li>{@code select}: the log's pages of 100, with the projection's topics, from 1 to the end (no decoding);</li>
 * <li>{@code selectAndDecode}: the same, each notification decoded by the application's mapper into its event
 * record ({@code Mapper.toDomainEvent}), as the projection does before its policy.</li>
 * </ul>
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests exec:exec -Djmh.args="ProjectionBenchmark -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProjectionBenchmark {

    public static final int NOTIFICATIONS = 100_000;
    private static final int DOGS = NOTIFICATIONS / 10;

    private Application app;
    private Mapper mapper;
    private Set<String> topics;
    private TrickTally view;

    @Setup(Level.Trial)
    public void fill() {
        app = new Application(Map.of("eventsourcing.persistence", "memory"));
        mapper = app.eventStore().mapper();
        for (int saved = 0; saved < DOGS; saved += 100) {
            Dog[] dogs = new Dog[100];
            for (int i = 0; i < dogs.length; i++) {
                dogs[i] = new Dog("dog " + (saved + i));
                for (int t = 1; t < 10; t++) {
                    dogs[i].addTrick("trick " + t);
                }
            }
            app.save(dogs);
        }
        if (app.notificationLog().maxNotificationId() != NOTIFICATIONS) {
            throw new IllegalStateException("The log holds " + app.notificationLog().maxNotificationId());
        }
        // The topics as the log holds them (the projection selects by those of its policies).
        List<Notification> first = app.notificationLog().select(1, 2);
        topics = Set.of(first.get(0).topic(), first.get(1).topic());
    }

    @TearDown(Level.Trial)
    public void close() {
        app.close();
    }

    @Setup(Level.Invocation)
    public void newView() {
        view = new TrickTally(Map.of("eventsourcing.persistence", "memory"));
        view.follow(app);
    }

    @TearDown(Level.Invocation)
    public void checkView() {
        long[] totals = view.totals();
        if (view.position(app.name()) == NOTIFICATIONS && (totals[0] != DOGS || totals[1] != DOGS * 9L)) {
            throw new IllegalStateException("The view holds " + totals[0] + " Dogs and " + totals[1] + " tricks");
        }
        view.close();
    }

    @Benchmark
    @OperationsPerInvocation(NOTIFICATIONS)
    public int pullAndProcess() {
        return view.pullAndProcess(app.name());
    }

    @Benchmark
    @OperationsPerInvocation(NOTIFICATIONS)
    public void select(Blackhole blackhole) {
        for (long start = 1; start <= NOTIFICATIONS; start += 100) {
            blackhole.consume(app.notificationLog().select(start, 100, NOTIFICATIONS, topics));
        }
    }

    @Benchmark
    @OperationsPerInvocation(NOTIFICATIONS)
    public void selectAndDecode(Blackhole blackhole) {
        for (long start = 1; start <= NOTIFICATIONS; start += 100) {
            for (Notification n : app.notificationLog().select(start, 100, NOTIFICATIONS, topics)) {
                blackhole.consume(mapper.toDomainEvent(n.storedEvent()));
            }
        }
    }
}
