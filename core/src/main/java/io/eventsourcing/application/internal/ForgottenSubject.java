package io.eventsourcing.application.internal;

import io.eventsourcing.application.Repository;
import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The aggregate whose events record that a subject was forgotten: one per subject, with an id derived from it. */
public final class ForgottenSubject extends Aggregate {

    private ForgottenSubject() {
    }

    private ForgottenSubject(UUID subjectId) {
        super(idOf(subjectId));
    }

    /** @return the id of the aggregate that records the forgetting of the subject */
    private static UUID idOf(UUID subjectId) {
        return UUID.nameUUIDFromBytes(("io.eventsourcing.SubjectForgotten/" + subjectId)
                .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @return the subject's aggregate, from the repository (a subject forgotten before) or new, with a
     *         {@link SubjectForgotten} pending
     */
    public static ForgottenSubject forgotten(Repository repository, UUID subjectId) {
        UUID id = idOf(subjectId);
        ForgottenSubject subject = repository.contains(id) ? repository.get(id) : new ForgottenSubject(subjectId);
        subject.trigger(new SubjectForgotten(subjectId));
        return subject;
    }

    @Apply
    void on(SubjectForgotten event) {
        // the event is what counts: the aggregate keeps no state
    }
}
