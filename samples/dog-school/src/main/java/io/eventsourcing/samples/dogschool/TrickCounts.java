package io.eventsourcing.samples.dogschool;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.util.Map;
import java.util.UUID;

/** A process application that follows the dog school and counts how often each trick was taught. */
public class TrickCounts extends ProcessApplication {
    public TrickCounts() {}
    public TrickCounts(Map<String, String> settings) { super(settings); }

    @Policy void on(Dog.TrickAdded e, ProcessingEvent processing) {
        UUID id = Counter.idFor(e.trick());
        Counter counter = repository().contains(id) ? repository().get(id) : new Counter(e.trick());
        counter.increment();
        processing.collect(counter);          // stored with the record that this event was processed
    }

    public int count(String trick) {
        UUID id = Counter.idFor(trick);
        return repository().contains(id) ? repository().<Counter>get(id).count() : 0;
    }
}
