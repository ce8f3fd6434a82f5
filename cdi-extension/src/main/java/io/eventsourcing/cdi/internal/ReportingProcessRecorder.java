package io.eventsourcing.cdi.internal;

import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;

import java.util.List;
import java.util.function.Consumer;

/** A process application's recorder that reports each insert once it has committed. */
final class ReportingProcessRecorder extends ReportingRecorder implements ProcessRecorder {

    private final ProcessRecorder delegate;

    ReportingProcessRecorder(ProcessRecorder delegate, AfterCommit afterCommit, Consumer<List<StoredEvent>> report) {
        super(delegate, afterCommit, report);
        this.delegate = delegate;
    }

    @Override
    public void insertEvents(List<StoredEvent> events, Tracking tracking) {
        delegate.insertEvents(events, tracking);
        reportAfterCommit(events);
    }

    @Override
    public long maxTrackingId(String applicationName) {
        return delegate.maxTrackingId(applicationName);
    }

    @Override
    public boolean hasTracking(String applicationName, long notificationId) {
        return delegate.hasTracking(applicationName, notificationId);
    }
}
