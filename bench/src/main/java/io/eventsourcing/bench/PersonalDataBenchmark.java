package io.eventsourcing.bench;

import io.eventsourcing.application.Application;
import io.eventsourcing.domain.Aggregate;
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

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14: what personal data costs in memory. A {@link Customer} of {@code events} events (registered, then
 * moved), each event with two {@code @PersonalData} strings and one plain string, the aggregate its subject
 * ({@code personal=true}), against {@link PlainCustomer}, the same without the annotations ({@code personal=false}).
 * Both with {@code eventsourcing.cipher.key} set and {@code encrypt-states} on (the default): every state is also
 * encrypted with the application-wide key, so the difference is the data keys' work alone.
 *
 * <p>{@code save} creates a customer and saves it: with personal data, a new data key per save (the subject is
 * new), wrapped and stored with the events. {@code append} saves {@code events} more events of a customer of the
 * pool, whose key is cached: one key lookup per save, none created. {@code get} reads one of {@value #POOL} customers saved in setup, in
 * turn: the pool is smaller than the key cache ({@code eventsourcing.cipher.key-cache-size}, 1000 by default), so
 * after the first round every get finds its subject's key cached (the steady state of an application whose working
 * set of subjects fits the cache); {@code -p cacheSize=0} measures the other end, every key selected and unwrapped.
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests exec:exec -Djmh.args="PersonalDataBenchmark -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PersonalDataBenchmark {

    /** How many customers {@code get} reads in turn: fewer than the key cache holds by default. */
    public static final int POOL = 100;
    /** A fixed AES-256 key: the master key ({@code eventsourcing.cipher.key}). */
    public static final String KEY = "0mYjX8o1GkqI6sM1cM0o6R8wQe3JpV5mZc6t2yQ8bX4=";

    @Param({"true", "false"})
    boolean personal;

    @Param({"10"})
    int events;

    /** {@code eventsourcing.cipher.key-cache-size}. */
    @Param({"1000"})
    int cacheSize;

    private Application app;
    private final UUID[] pool = new UUID[POOL];
    private final Aggregate[] live = new Aggregate[POOL];
    private int next;
    private int stored;

    @Setup(Level.Iteration)
    public void setUp() {
        newStore();
        for (int i = 0; i < POOL; i++) {
            Aggregate customer = newCustomer(i);
            app.save(customer);
            pool[i] = customer.id();
            live[i] = customer;
        }
        stored = 0;
    }

    private void newStore() {
        app = new Application(settings(cacheSize));
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        app.close();
    }

    private Aggregate newCustomer(int n) {
        return newCustomer(personal, events, n);
    }

    /** Adds the n-th move to a {@link Customer} or {@link PlainCustomer}. */
    public static void move(Aggregate customer, int n) {
        if (customer instanceof Customer c) {
            c.move(n + " Rue de la Paix, 75002 Paris", "+33 1 23 45 67 " + (10 + n % 90), "FR-75");
        } else {
            ((PlainCustomer) customer).move(n + " Rue de la Paix, 75002 Paris", "+33 1 23 45 67 " + (10 + n % 90),
                    "FR-75");
        }
    }

    /** A customer of that many events, its strings of realistic length (12 to 40 characters). */
    public static Aggregate newCustomer(boolean personal, int events, int n) {
        if (personal) {
            Customer c = new Customer("Jane Doe " + n, "jane.doe." + n + "@example.com", "premium");
            for (int i = 1; i < events; i++) {
                c.move(i + " Rue de la Paix, 75002 Paris", "+33 1 23 45 67 " + (10 + i), "FR-75");
            }
            return c;
        }
        PlainCustomer c = new PlainCustomer("Jane Doe " + n, "jane.doe." + n + "@example.com", "premium");
        for (int i = 1; i < events; i++) {
            c.move(i + " Rue de la Paix, 75002 Paris", "+33 1 23 45 67 " + (10 + i), "FR-75");
        }
        return c;
    }

    /** The settings both variants run with: in memory, the master key set, states encrypted (the default). */
    public static Map<String, String> settings(int cacheSize) {
        return Map.of("eventsourcing.persistence", "memory", "eventsourcing.cipher.key", KEY,
                "eventsourcing.cipher.key-cache-size", Integer.toString(cacheSize));
    }

    /** Creates a customer and saves it: JSON, sealing (with a new data key), state encryption, in-memory recorder. */
    @Benchmark
    public Aggregate save() {
        if (stored >= InMemoryBenchmark.STORE_EVENTS) {
            app.close();
            setUp();
        }
        Aggregate customer = newCustomer(stored);
        app.save(customer);
        stored += events;
        return customer;
    }

    /**
     * Saves {@code events} more events of the next customer of the pool: its subject's key is there, cached, so this
     * is the cost of personal data in a save without that of creating a key.
     */
    @Benchmark
    public Aggregate append() {
        if (stored >= InMemoryBenchmark.STORE_EVENTS) {
            app.close();
            setUp();
        }
        Aggregate customer = live[next];
        next = next == POOL - 1 ? 0 : next + 1;
        for (int e = 0; e < events; e++) {
            move(customer, e);
        }
        app.save(customer);
        stored += events;
        return customer;
    }

    /** Gets the next customer of the pool: select, decrypt, unseal, JSON → records, replay. */
    @Benchmark
    public Aggregate get() {
        UUID id = pool[next];
        next = next == POOL - 1 ? 0 : next + 1;
        return app.repository().get(id);
    }
}
