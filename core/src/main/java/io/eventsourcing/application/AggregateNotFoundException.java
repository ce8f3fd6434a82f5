package io.eventsourcing.application;

import java.util.UUID;

/** No event of the requested aggregate is stored in the application. */
public class AggregateNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID id;

    public AggregateNotFoundException(UUID id, String applicationName) {
        super("Aggregate " + id + " not found in application " + applicationName);
        this.id = id;
    }

    /** @return the id that was not found */
    public UUID id() {
        return id;
    }
}
