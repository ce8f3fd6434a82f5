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
    }

    @Apply
    void on(Incremented e) {
        count++;
    }

    public String name() {
        return name;
    }

    public int count() {
        return count;
    }
}
