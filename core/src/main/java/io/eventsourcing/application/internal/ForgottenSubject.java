package io.eventsourcing.application.internal;

import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The aggregate whose events record that a subject was forgotten: one per subject, with an id derived from it. */
public final class ForgottenSubject extends Aggregate {

    private ForgottenSubject() {
    }

    public ForgottenSubject(UUID subjectId) {
        super(idOf(subjectId));
    }

    /** @return the id of the aggregate that records the forgetting of the subject */
    public static UUID idOf(UUID subjectId) {
        return UUID.nameUUIDFromBytes(("io.eventsourcing.SubjectForgotten/" + subjectId)
                .getBytes(StandardCharsets.US_ASCII));
    }

    public void forget(UUID subjectId) {
        trigger(new SubjectForgotten(subjectId));
    }

    @Apply
    void on(SubjectForgotten event) {
        // the event is what counts: the aggregate keeps no state
    }
}
