package io.eventsourcing.samples.rest;

import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.Follows;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A process application the container runs beside the dog school: it follows the school's log and counts how often
 * each trick was taught, on a board of its own. It sees a save once its transaction has committed, never one that
 * rolled back, and counts each event once.
 */
@EventSourced
@Follows(DogSchool.class)
public class TrickCounts extends ProcessApplication {

    private static final UUID BOARD = UUID.nameUUIDFromBytes("trick board".getBytes(StandardCharsets.UTF_8));

    @Policy
    void on(Dog.TrickAdded e, ProcessingEvent processing) {
        Board board = repository().contains(BOARD) ? repository().get(BOARD) : new Board();
        board.count(e.trick());
        processing.collect(board);      // stored with the record that this event was counted
    }

    /** @return how often each trick was taught, by trick */
    public Map<String, Integer> counts() {
        return repository().contains(BOARD) ? repository().<Board>get(BOARD).counts() : Map.of();
    }

    /** The board: a count per trick. */
    public static class Board extends Aggregate {
        public record Counted(String trick) {}

        private final Map<String, Integer> counts = new TreeMap<>();

        Board() {
            super(BOARD);
        }

        void count(String trick) {
            trigger(new Counted(trick));
        }

        @Apply
        void on(Counted e) {
            counts.merge(e.trick(), 1, Integer::sum);
        }

        Map<String, Integer> counts() {
            return Map.copyOf(counts);
        }
    }
}
