package io.eventsourcing.application.internal;

import io.eventsourcing.persistence.StoredEvent;

import java.util.List;

/** Told what a save of an application stored, once it has committed ({@link ApplicationAccess#addSaveListener}). */
@FunctionalInterface
public interface SaveListener {

    /** @param events the events the save stored, in order; never empty */
    void saved(List<StoredEvent> events);
}
