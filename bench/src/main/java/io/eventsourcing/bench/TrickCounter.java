package io.eventsourcing.bench;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.util.UUID;

/** A count, of {@link TrickCounts}. */
public class TrickCounter extends Aggregate {
    public record Started() {
    }

    public record Incremented() {
    }

    private int count;

    TrickCounter(UUID id) {
        super(id);
        trigger(new Started());
    }

    private TrickCounter() {
    }

    void increment() {
        trigger(new Incremented());
    }

    @Apply
    void on(Started e) {
    }

    @Apply
    void on(Incremented e) {
        count++;
    }

    int count() {
        return count;
    }
}
