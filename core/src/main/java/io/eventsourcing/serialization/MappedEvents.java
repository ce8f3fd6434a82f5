package io.eventsourcing.serialization;

import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.StoredEvent;

import java.util.List;

/**
 * Events as the {@link Mapper} stores them, with the data keys it created for the subjects of their personal data:
 * a recorder stores both in one transaction.
 *
 * @param events  the stored events, in order
 * @param newKeys the new wrapped data keys, none if every subject had one
 */
public record MappedEvents(List<StoredEvent> events, List<DataKey> newKeys) {

    public MappedEvents {
        events = List.copyOf(events);
        newKeys = List.copyOf(newKeys);
    }
}
