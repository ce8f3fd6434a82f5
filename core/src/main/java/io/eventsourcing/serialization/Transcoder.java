package io.eventsourcing.serialization;

import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.StoredEvent;

import java.util.UUID;

/**
 * Turns the state of a domain event (its timestamp, originator topic and payload record) into bytes and back.
 * The originator id, version and topic travel beside the bytes in the {@link StoredEvent}. Implementations are
 * thread-safe. The default is JSON-B (Yasson).
 */
public interface Transcoder {

    /** @return the event's state as bytes */
    byte[] encode(DomainEvent event);

    /**
     * @param originatorId      the aggregate's id, as stored beside the state
     * @param originatorVersion the aggregate's version, as stored beside the state
     * @param payloadType       the class the stored topic names
     * @param state             what {@link #encode} returned
     * @return the domain event
     */
    DomainEvent decode(UUID originatorId, int originatorVersion, Class<? extends Record> payloadType, byte[] state);
}
