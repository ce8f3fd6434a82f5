package io.eventsourcing.samples.dogschool;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** How many times something happened: one counter per name, its id derived from the name. */
public class Counter extends Aggregate {
    public record Started(String name) {}
    public record Incremented() {}

    private int count;

    public Counter(String name) { super(idFor(name)); trigger(new Started(name)); }
    private Counter() {}

    public static UUID idFor(String name) { return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)); }

    public void increment() { trigger(new Incremented()); }

    @Apply void on(Started e) {}
    @Apply void on(Incremented e) { count++; }
    public int count() { return count; }
}
