package io.eventsourcing.jdbc.spi;

import io.eventsourcing.persistence.DataKey;

import java.util.List;
import java.util.UUID;

/**
 * The data keys a save stores and deletes, written first in its transaction ({@link #run}): what
 * {@link JdbcAggregateRecorder#insertLocal} gets as its {@code first} work, so that a database may send them with the
 * events' insert instead (PostgreSQL, in one round trip).
 */
public interface DataKeyChanges extends InTransaction {

    /** @return the data keys of subjects that have none yet, possibly none */
    List<DataKey> newKeys();

    /** @return the subjects whose data keys to delete, possibly none */
    List<UUID> forgotten();
}
