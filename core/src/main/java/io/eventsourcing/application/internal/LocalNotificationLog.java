package io.eventsourcing.application.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.Subscription;

import java.util.List;
import java.util.Set;

/** The notification log of an application in this process, read straight from its recorder. */
public final class LocalNotificationLog implements NotificationLog {

    private final ApplicationRecorder recorder;
    private final int sectionSize;
    private final Lifecycle lifecycle;
    private final Application application;

    /** @param application whose saves {@link #subscribe} listens to */
    public LocalNotificationLog(ApplicationRecorder recorder, int sectionSize, Lifecycle lifecycle,
                                Application application) {
        this.recorder = recorder;
        this.sectionSize = sectionSize;
        this.lifecycle = lifecycle;
        this.application = application;
    }

    @Override
    public List<Notification> select(long start, int limit) {
        lifecycle.checkOpen();
        return recorder.selectNotifications(start, limit);
    }

    @Override
    public List<Notification> select(long start, int limit, long stop, Set<String> topics) {
        lifecycle.checkOpen();
        return recorder.selectNotifications(start, limit, stop, topics);
    }

    @Override
    public Section section(String sectionId) {
        lifecycle.checkOpen();
        long first;
        long last;
        int comma = sectionId == null ? -1 : sectionId.indexOf(',');
        try {
            first = Long.parseLong(sectionId.substring(0, comma).trim());
            last = Long.parseLong(sectionId.substring(comma + 1).trim());
        } catch (RuntimeException e) {
            throw invalid(sectionId);
        }
        if (first < 1 || last < first) {
            throw invalid(sectionId);
        }
        int limit = (int) Math.min(last - first + 1, sectionSize);
        List<Notification> items = recorder.selectNotifications(first, limit);
        String previousId = first > 1 ? Math.max(1, first - limit) + "," + (first - 1) : null;
        if (items.isEmpty()) {
            return new Section(null, items, previousId, null);
        }
        long lastId = items.get(items.size() - 1).id();
        String nextId = items.size() == limit ? (lastId + 1) + "," + (lastId + limit) : null;
        return new Section(items.get(0).id() + "," + lastId, items, previousId, nextId);
    }

    @Override
    public long maxNotificationId() {
        lifecycle.checkOpen();
        return recorder.maxNotificationId();
    }

    @Override
    public Subscription subscribe(Runnable listener) {
        lifecycle.checkOpen();
        return new Prompted(listener);
    }

    /**
     * A subscription of {@link #subscribe}: calls the listener after the application's saves and on its recorder's
     * pushes, one call at a time, none once closed.
     */
    private final class Prompted implements Subscription {

        private final Runnable listener;
        private final SaveListener saves = events -> call();
        private final Subscription pushes;
        private boolean closed;

        Prompted(Runnable listener) {
            this.listener = listener;
            this.pushes = recorder.subscribe(this::call);
            ApplicationAccess.get().addSaveListener(application, saves);
        }

        private synchronized void call() {
            if (!closed) {
                listener.run();
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;      // waits for a call in progress, unless this is within it
            }
            ApplicationAccess.get().removeSaveListener(application, saves);
            pushes.close();
        }
    }

    private static IllegalArgumentException invalid(String sectionId) {
        return new IllegalArgumentException("Invalid section id '" + sectionId
                + "': expected \"first,last\", two positive numbers, the first not above the last, such as \"1,10\"");
    }
}
