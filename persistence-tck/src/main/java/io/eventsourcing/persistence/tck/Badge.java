package io.eventsourcing.persistence.tck;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.DataSubject;
import io.eventsourcing.domain.PersonalData;

import java.util.UUID;

/** The aggregate of {@link Registrar}: a badge issued to a person who joined a club, which names its holder. */
public class Badge extends Aggregate {

    public record Issued(@DataSubject UUID personId, @PersonalData String holder) {
    }

    private UUID personId;
    private String holder;

    public Badge(UUID personId, String holder) {
        trigger(new Issued(personId, holder));
    }

    private Badge() {
    }

    public UUID personId() {
        return personId;
    }

    /** @return who holds it, {@code null} once its person is forgotten */
    public String holder() {
        return holder;
    }

    @Apply
    void on(Issued e) {
        personId = e.personId();
        holder = e.holder();
    }
}
