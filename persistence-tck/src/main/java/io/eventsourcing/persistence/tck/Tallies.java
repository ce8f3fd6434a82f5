package io.eventsourcing.persistence.tck;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.util.Map;
import java.util.UUID;

/** A process application of the system conformance suite that follows {@link Counters}: it counts increments. */
public class Tallies extends ProcessApplication {

    public Tallies(Map<String, String> settings) {
        super(settings);
    }

    @Policy
    void on(Counter.Incremented e, ProcessingEvent processing) {
        UUID id = Counter.idFor("increments");
        Counter tally = repository().contains(id) ? repository().get(id) : new Counter("increments");
        tally.increment();
        processing.collect(tally);
    }

    /** @return how many increments the counters made */
    public int increments() {
        UUID id = Counter.idFor("increments");
        return repository().contains(id) ? repository().<Counter>get(id).count() : 0;
    }
}
