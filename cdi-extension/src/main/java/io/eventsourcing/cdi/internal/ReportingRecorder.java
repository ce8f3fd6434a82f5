package io.eventsourcing.cdi.internal;

import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.StoredEvent;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** An application's recorder that reports each insert once it has committed. Thread-safe if the delegate is. */
class ReportingRecorder implements ApplicationRecorder {

    private final ApplicationRecorder delegate;
    private final AfterCommit afterCommit;
    private final Consumer<List<StoredEvent>> report;

    ReportingRecorder(ApplicationRecorder delegate, AfterCommit afterCommit, Consumer<List<StoredEvent>> report) {
        this.delegate = delegate;
        this.afterCommit = afterCommit;
        this.report = report;
    }

    @Override
    public void insertEvents(List<StoredEvent> events) {
        delegate.insertEvents(events);
        reportAfterCommit(events);
    }

    /** Registers the report only once the insert succeeded: a failed insert stored nothing to report. */
    final void reportAfterCommit(List<StoredEvent> events) {
        afterCommit.run(() -> report.accept(events));
    }

    @Override
    public List<StoredEvent> selectEvents(UUID originatorId, EventRange range) {
        return delegate.selectEvents(originatorId, range);
    }

    @Override
    public List<Notification> selectNotifications(long start, int limit, long stop, Set<String> topics) {
        return delegate.selectNotifications(start, limit, stop, topics);
    }

    @Override
    public long maxNotificationId() {
        return delegate.maxNotificationId();
    }
}
