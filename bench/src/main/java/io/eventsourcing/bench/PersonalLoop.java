package io.eventsourcing.bench;

import io.eventsourcing.application.Application;
import io.eventsourcing.domain.Aggregate;

import java.util.UUID;
import java.util.function.LongUnaryOperator;

/**
 * {@link PersonalDataBenchmark}'s {@code save} or {@code get} ({@code bench.op}) as a loop for
 * {@link VersionsSideBySide} ({@code -Dbench.loop=io.eventsourcing.bench.PersonalLoop}): a variant whose name
 * contains {@code plain} runs {@link PlainCustomer}, any other {@link Customer}, so that personal and plain (and
 * versions of the library) alternate in one JVM. Customers of {@code bench.events} (10) events; {@code get} reads
 * {@value PersonalDataBenchmark#POOL} customers in turn, their keys cached ({@code bench.key-cache-size}, 1000);
 * {@code append} saves {@code bench.events} more events of one of them in turn (its subject's key is there, cached:
 * the cost of personal data without creating a key), {@code save} a new customer (and so a new key).
 */
public final class PersonalLoop implements LongUnaryOperator {

    private final boolean personal;
    private final String op = System.getProperty("bench.op", "save");
    private final boolean get = op.equals("get");
    private final boolean append = op.equals("append");
    private final int events = Integer.getInteger("bench.events", 10);
    private final int cacheSize = Integer.getInteger("bench.key-cache-size", 1000);
    private final UUID[] pool = new UUID[PersonalDataBenchmark.POOL];
    private final Aggregate[] live = new Aggregate[PersonalDataBenchmark.POOL];
    private Application app;
    private int stored;
    private int next;

    public PersonalLoop(String variant) {
        personal = !variant.contains("plain");
        newStore();
    }

    private void newStore() {
        app = new Application(PersonalDataBenchmark.settings(cacheSize));
        for (int i = 0; i < pool.length; i++) {
            Aggregate customer = PersonalDataBenchmark.newCustomer(personal, events, i);
            app.save(customer);
            pool[i] = customer.id();
            live[i] = customer;
        }
        stored = 0;
    }

    @Override
    public long applyAsLong(long nanos) {
        long end = System.nanoTime() + nanos;
        long ops = 0;
        do {
            for (int i = 0; i < 20; i++) {
                if (get) {
                    app.repository().get(pool[next]);
                    next = next == pool.length - 1 ? 0 : next + 1;
                } else if (append) {
                    if (stored >= InMemoryBenchmark.STORE_EVENTS) {
                        app.close();
                        newStore();
                    }
                    Aggregate customer = live[next];
                    for (int e = 0; e < events; e++) {
                        PersonalDataBenchmark.move(customer, e);
                    }
                    app.save(customer);
                    stored += events;
                    next = next == pool.length - 1 ? 0 : next + 1;
                } else {
                    if (stored >= InMemoryBenchmark.STORE_EVENTS) {
                        app.close();
                        newStore();
                    }
                    app.save(PersonalDataBenchmark.newCustomer(personal, events, stored));
                    stored += events;
                }
            }
            ops += 20;
        } while (System.nanoTime() < end);
        return ops;
    }
}
