package io.eventsourcing.persistence;

/**
 * Which of one aggregate's events to select: versions after {@code after} and up to {@code upTo}, in ascending or
 * descending order, at most {@code limit} of them.
 *
 * <pre>{@code
 * recorder.selectEvents(id, EventRange.ALL.upTo(3));              // versions 1..3
 * recorder.selectEvents(id, EventRange.ALL.descendingOrder().limit(1)); // the last event
 * }</pre>
 *
 * @param after      select versions greater than this (0 selects from the first)
 * @param upTo       select versions up to and including this
 * @param descending newest first when {@code true}
 * @param limit      at most this many events
 */
public record EventRange(int after, int upTo, boolean descending, int limit) {

    /** Every event, oldest first. */
    public static final EventRange ALL = new EventRange(0, Integer.MAX_VALUE, false, Integer.MAX_VALUE);

    public EventRange {
        if (after < 0) {
            throw new IllegalArgumentException("after must be 0 or more, was " + after);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, was " + limit);
        }
    }

    public EventRange after(int version) {
        return new EventRange(version, upTo, descending, limit);
    }

    public EventRange upTo(int version) {
        return new EventRange(after, version, descending, limit);
    }

    public EventRange descendingOrder() {
        return new EventRange(after, upTo, true, limit);
    }

    public EventRange limit(int count) {
        return new EventRange(after, upTo, descending, count);
    }
}
