package io.eventsourcing.application;

import java.util.UUID;

/**
 * No event of the requested aggregate is stored in the application, or ({@link AggregateVersionNotFoundException})
 * not the version requested.
 */
public class AggregateNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID id;

    public AggregateNotFoundException(UUID id, String applicationName) {
        this(id, "Aggregate " + id + " not found in application " + applicationName, null);
    }

    /** For subclasses that say more about what was not found. */
    protected AggregateNotFoundException(UUID id, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
    }

    /** @return the id that was not found */
    public UUID id() {
        return id;
    }
}
