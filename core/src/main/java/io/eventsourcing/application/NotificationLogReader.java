package io.eventsourcing.application;

import io.eventsourcing.persistence.Notification;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a notification log from a position to its end, page by page, as a lazy stream. Each {@code read} is
 * independent; the reader holds no position of its own, so it can be shared.
 *
 * <pre>{@code
 * try (Stream<Notification> all = new NotificationLogReader(school.notificationLog()).read(1)) {
 *     all.forEach(n -> System.out.println(n.id() + " " + n.topic()));
 * }
 * }</pre>
 */
public final class NotificationLogReader {

    private final NotificationLog log;
    private final int pageSize;

    /** A reader that selects 100 notifications per page. */
    public NotificationLogReader(NotificationLog log) {
        this(log, 100);
    }

    public NotificationLogReader(NotificationLog log, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be 1 or more, was " + pageSize);
        }
        this.log = log;
        this.pageSize = pageSize;
    }

    /** @return the notifications from id {@code start} to the end of the log as it is when the stream gets there */
    public Stream<Notification> read(long start) {
        return read(start, Set.of());
    }

    /** @return the notifications with these topics (all if empty) from id {@code start} on */
    public Stream<Notification> read(long start, Set<String> topics) {
        Iterator<Notification> pages = new Iterator<>() {
            private long next = start;
            private List<Notification> page = List.of();
            private int index;
            private boolean last;

            @Override
            public boolean hasNext() {
                if (index < page.size()) {
                    return true;
                }
                if (last) {
                    return false;
                }
                page = log.select(next, pageSize, Long.MAX_VALUE, topics);
                index = 0;
                // A short page is the end of the log as it is now.
                last = page.size() < pageSize;
                if (!page.isEmpty()) {
                    next = page.get(page.size() - 1).id() + 1;
                }
                return !page.isEmpty();
            }

            @Override
            public Notification next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(index++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }
}
