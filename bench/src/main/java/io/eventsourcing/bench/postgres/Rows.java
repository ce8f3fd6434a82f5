package io.eventsourcing.bench.postgres;

import io.eventsourcing.bench.Dog;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.serialization.Mapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows every SQL strategy inserts: a new {@link Dog}'s events mapped by the library's own {@link Mapper}, so
 * the floor and the lock insert exactly what the library stores, and differ from it only in how they insert.
 */
final class Rows {

    /** The library's mapper with its defaults (JSON, no compression, no encryption), as the library's is here. */
    static final Mapper MAPPER = new Mapper();
    private static final String[] TRICKS = new String[1000];

    static {
        for (int i = 0; i < TRICKS.length; i++) {
            TRICKS[i] = "trick " + i;
        }
    }

    private Rows() {
    }

    static Dog newDog(int events) {
        Dog dog = new Dog("Fido");
        for (int i = 1; i < events; i++) {
            dog.addTrick(TRICKS[i % TRICKS.length]);
        }
        return dog;
    }

    static String trick(int i) {
        return TRICKS[i % TRICKS.length];
    }

    static List<StoredEvent> newDogRows(int events) {
        List<DomainEvent> domainEvents = newDog(events).collectEvents();
        List<StoredEvent> rows = new ArrayList<>(domainEvents.size());
        for (DomainEvent event : domainEvents) {
            rows.add(MAPPER.toStoredEvent(event));
        }
        return rows;
    }
}
