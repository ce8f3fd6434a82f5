package io.eventsourcing.application;

import java.util.UUID;

/**
 * The event {@link Application#forget(UUID)} records: from its position in the notification log on, the personal
 * data of the subject reads as forgotten. A projection that derived anything from that subject's personal data
 * deletes it when it processes this event. It is an event of an aggregate of the library's own, one per subject.
 *
 * @param subjectId the forgotten subject
 */
public record SubjectForgotten(UUID subjectId) {
}
