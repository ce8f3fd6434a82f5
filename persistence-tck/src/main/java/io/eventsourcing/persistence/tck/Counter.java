package io.eventsourcing.persistence.tck;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The aggregate of the system conformance suite's process applications: a named count. */
public class Counter extends Aggregate {

    public record Created(String name) {
    }

    public record Incremented(String name) {
    }

    private String name;
    private int count;
    /** How many events this instance applied: not part of its state, so a snapshot does not hold it. */
    private transient int applied;

    public Counter(String name) {
        super(idFor(name));
        trigger(new Created(name));
    }

    private Counter() {
    }

    /** @return the id of the counter of that name, the same in every process */
    public static UUID idFor(String name) {
        return UUID.nameUUIDFromBytes(("counter:" + name).getBytes(StandardCharsets.UTF_8));
    }

    public void increment() {
        trigger(new Incremented(name));
    }

    @Apply
    void on(Created e) {
        name = e.name();
        applied++;
    }

    @Apply
    void on(Incremented e) {
        count++;
        applied++;
    }

    public String name() {
        return name;
    }

    public int count() {
        return count;
    }

    /** @return how many events this instance applied (since its snapshot, if it was rebuilt from one) */
    public int applied() {
        return applied;
    }
}
