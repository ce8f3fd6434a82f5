package io.eventsourcing.persistence.tck;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.util.Map;
import java.util.UUID;

/**
 * A process application of the system conformance suite: follows {@link Universe} and counts what happened in its
 * worlds, a {@link Counter} per thing. Refuses to count {@link #refuse} (a policy that fails).
 */
public class Counters extends ProcessApplication {

    /** What the policy throws on, or {@code null}. */
    public volatile String refuse;

    public Counters(Map<String, String> settings) {
        super(settings);
    }

    @Policy
    void on(World.SomethingHappened e, ProcessingEvent processing) {
        if (e.what().equals(refuse)) {
            throw new IllegalStateException("refusing to count " + e.what());
        }
        Counter counter = counter(e.what());
        counter.increment();
        processing.collect(counter);
    }

    /**
     * Counts "seen &lt;label&gt; &lt;n&gt;": how many times the labelled thing had happened when the label came, read
     * without changing its counter.
     */
    @Policy
    void on(World.Labelled e, ProcessingEvent processing) {
        UUID id = Counter.idFor(e.text());
        int seen = repository().contains(id) ? repository().<Counter>get(id).count() : 0;
        Counter record = counter("seen " + e.text() + " " + seen);
        record.increment();
        processing.collect(record);
    }

    private Counter counter(String name) {
        UUID id = Counter.idFor(name);
        return repository().contains(id) ? repository().get(id) : new Counter(name);
    }

    /** @return how many times that happened, 0 if never */
    public int count(String what) {
        UUID id = Counter.idFor(what);
        return repository().contains(id) ? repository().<Counter>get(id).count() : 0;
    }
}
