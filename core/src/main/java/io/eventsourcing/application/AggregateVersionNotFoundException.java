package io.eventsourcing.application;

import java.util.UUID;

/**
 * The aggregate is stored, but not at the version asked for: its last version is lower. Unlike the Python library,
 * which returns the aggregate at its last version then, {@link Repository#get(UUID, int)} refuses, so that a caller
 * never takes the last version for the one it asked for. An {@link AggregateNotFoundException}.
 */
public class AggregateVersionNotFoundException extends AggregateNotFoundException {

    private static final long serialVersionUID = 1L;

    private final int version;
    private final int lastVersion;

    public AggregateVersionNotFoundException(UUID id, String applicationName, int version, int lastVersion) {
        super(id, "Aggregate %s has no version %d in application %s: its last version is %d".formatted(id, version,
                applicationName, lastVersion), null);
        this.version = version;
        this.lastVersion = lastVersion;
    }

    /** @return the version asked for */
    public int version() {
        return version;
    }

    /** @return the aggregate's last version, below the one asked for */
    public int lastVersion() {
        return lastVersion;
    }
}
