package io.eventsourcing.bench;

import io.eventsourcing.application.Application;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.DataSubject;
import io.eventsourcing.domain.PersonalData;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.util.Map;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

/**
 * A process application that notes on one of 20 cards per notification, in batches of 100, as a loop for
 * {@link VersionsSideBySide} ({@code -Dbench.loop=io.eventsourcing.bench.PersonalFollowLoop}): cards with personal
 * data, or, for a variant whose name contains {@code plain}, the same without the annotations. The process
 * application keeps the cards between batches, those with personal data for the data keys' cache time: this measures
 * what that costs against plain cards (and, against a version that did not keep them, what keeping saves). The stores
 * start again every 20,000 notifications (cards of at most 1,000 events).
 */
public final class PersonalFollowLoop implements LongUnaryOperator {

    private static final Map<String, String> SETTINGS = PersonalDataBenchmark.settings(1000);
    private static final int CARDS = 20;
    private static final int BATCH = 100;

    /** The leader's aggregate: each event names the card to note on. */
    public static class Ticket extends Aggregate {
        public record Touched(int card) {
        }

        public Ticket() {
            trigger(new Touched(0));
        }

        public void touch(int card) {
            trigger(new Touched(card));
        }

        @Apply
        void on(Touched e) {
        }
    }

    /** The follower's aggregate, with personal data. */
    public static class Card extends Aggregate {
        public record Noted(@DataSubject UUID owner, @PersonalData String note) {
        }

        private String note;

        Card(UUID id, UUID owner) {
            super(id);
            trigger(new Noted(owner, "new"));
        }

        private Card() {
        }

        void note(UUID owner, String note) {
            trigger(new Noted(owner, note));
        }

        @Apply
        void on(Noted e) {
            note = e.note();
        }
    }

    /** {@link Card} without the annotations. */
    public static class PlainCard extends Aggregate {
        public record Noted(UUID owner, String note) {
        }

        private String note;

        PlainCard(UUID id, UUID owner) {
            super(id);
            trigger(new Noted(owner, "new"));
        }

        private PlainCard() {
        }

        void note(UUID owner, String note) {
            trigger(new Noted(owner, note));
        }

        @Apply
        void on(Noted e) {
            note = e.note();
        }
    }

    /** The leader. */
    public static class Desk extends Application {
        public Desk() {
            super(SETTINGS);
        }
    }

    /** The follower: each notification notes on its card, read from the batch's repository. */
    public static class Scribe extends ProcessApplication {
        private final boolean personal;
        private final UUID[] cards = new UUID[CARDS];
        private final UUID owner = UUID.randomUUID();

        Scribe(boolean personal) {
            super(SETTINGS);
            this.personal = personal;
            for (int i = 0; i < CARDS; i++) {
                cards[i] = UUID.randomUUID();
            }
        }

        @Policy
        void on(Ticket.Touched e, ProcessingEvent processing) {
            UUID id = cards[e.card()];
            boolean stored = repository().contains(id);
            if (personal) {
                Card card = stored ? repository().get(id) : new Card(id, owner);
                card.note(owner, "note " + e.card());
                processing.collect(card);
            } else {
                PlainCard card = stored ? repository().get(id) : new PlainCard(id, owner);
                card.note(owner, "note " + e.card());
                processing.collect(card);
            }
        }
    }

    private final boolean personal;
    private Desk desk;
    private Scribe scribe;
    private Ticket ticket;
    private int done;

    public PersonalFollowLoop(String variant) {
        personal = !variant.contains("plain");
        newStores();
    }

    private void newStores() {
        if (desk != null) {
            scribe.close();
            desk.close();
        }
        desk = new Desk();
        scribe = new Scribe(personal);
        scribe.follow(desk);
        ticket = new Ticket();
        desk.save(ticket);
        done = 0;
    }

    @Override
    public long applyAsLong(long nanos) {
        long end = System.nanoTime() + nanos;
        long ops = 0;
        do {
            if (done > 20_000) {
                newStores();
            }
            for (int i = 0; i < BATCH; i++) {
                ticket.touch(i % CARDS);
            }
            desk.save(ticket);
            ops += scribe.pullAndProcess("Desk");
            done += BATCH;
        } while (System.nanoTime() < end);
        return ops;
    }
}
