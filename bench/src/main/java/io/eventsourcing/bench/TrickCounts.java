package io.eventsourcing.bench;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** The follower measured: counts each trick taught, a counter aggregate per trick. */
public class TrickCounts extends ProcessApplication {

    public TrickCounts(Map<String, String> settings) {
        super(settings);
    }

    @Policy
    void on(Dog.TrickAdded e, ProcessingEvent processing) {
        UUID id = UUID.nameUUIDFromBytes(e.trick().getBytes(StandardCharsets.UTF_8));
        TrickCounter counter = repository().contains(id) ? repository().get(id) : new TrickCounter(id);
        counter.increment();
        processing.collect(counter);
    }
}
