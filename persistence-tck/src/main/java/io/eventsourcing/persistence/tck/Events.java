package io.eventsourcing.persistence.tck;

import io.eventsourcing.persistence.StoredEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Stored events for the conformance suites. */
final class Events {

    static final String TOPIC = "tck.Happened";

    private Events() {
    }

    static StoredEvent event(UUID id, int version) {
        return event(id, version, TOPIC);
    }

    static StoredEvent event(UUID id, int version, String topic) {
        return new StoredEvent(id, version, topic, ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** Versions {@code from..to} of one aggregate. */
    static List<StoredEvent> versions(UUID id, int from, int to) {
        List<StoredEvent> events = new ArrayList<>(to - from + 1);
        for (int v = from; v <= to; v++) {
            events.add(event(id, v));
        }
        return events;
    }

    static List<Integer> versionsOf(List<StoredEvent> events) {
        List<Integer> versions = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            versions.add(e.originatorVersion());
        }
        return versions;
    }
}
