package io.eventsourcing.application.internal;

/**
 * Marks an application that tracks what it processed of other applications (a process application): it is built
 * over its persistence's process recorder, with its tracking table, rather than the application recorder.
 */
public interface Tracks {
}
