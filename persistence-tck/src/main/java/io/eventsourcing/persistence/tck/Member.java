package io.eventsourcing.persistence.tck;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.DataSubject;
import io.eventsourcing.domain.PersonalData;

import java.util.UUID;

/** The aggregate of the personal data conformance suite: a person's membership of a club, and notes on it. */
public class Member extends Aggregate {

    public record Joined(@DataSubject UUID personId, @PersonalData String name,
                         @PersonalData(forgotten = "(forgotten)") String email, String club) {
    }

    /** Its subject is the membership itself. */
    public record Noted(@PersonalData String note) {
    }

    private String name;
    private String email;
    private String club;
    private String note;
    /** How many events this instance applied: not part of its state, so a snapshot does not hold it. */
    private transient int applied;

    public Member(UUID personId, String name, String email, String club) {
        trigger(new Joined(personId, name, email, club));
    }

    private Member() {
    }

    public void note(String note) {
        trigger(new Noted(note));
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public String club() {
        return club;
    }

    public String note() {
        return note;
    }

    public int applied() {
        return applied;
    }

    @Apply
    void on(Joined e) {
        name = e.name();
        email = e.email();
        club = e.club();
        applied++;
    }

    @Apply
    void on(Noted e) {
        note = e.note();
        applied++;
    }
}
