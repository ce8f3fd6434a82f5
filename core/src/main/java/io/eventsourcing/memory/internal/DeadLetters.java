package io.eventsourcing.memory.internal;

import io.eventsourcing.persistence.DeadLetter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Dead letters in memory, by upstream application and notification id. Not thread-safe: its owner locks. */
public final class DeadLetters {

    private final Map<String, TreeMap<Long, DeadLetter>> letters = new HashMap<>();

    public void add(DeadLetter letter) {
        letters.computeIfAbsent(letter.applicationName(), k -> new TreeMap<>()).put(letter.notificationId(), letter);
    }

    public List<DeadLetter> of(String applicationName) {
        TreeMap<Long, DeadLetter> of = letters.get(applicationName);
        return of == null ? List.of() : List.copyOf(of.values());
    }

    public void remove(String applicationName, long notificationId) {
        TreeMap<Long, DeadLetter> of = letters.get(applicationName);
        if (of != null) {
            of.remove(notificationId);
        }
    }
}
