package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.util.Map;

/**
 * A process application of the exactly-once suite: follows {@link Club}, issues a {@link Badge} to each person who
 * joined, and forgets a person the club forgot, with the notification's tracking ({@link ProcessingEvent#forget}).
 */
public class Registrar extends ProcessApplication {

    public Registrar(Map<String, String> settings) {
        super(settings);
    }

    @Policy
    void on(Member.Joined e, ProcessingEvent processing) {
        processing.collect(new Badge(e.personId(), holder(e.name(), e.club())));
    }

    @Policy
    void on(SubjectForgotten e, ProcessingEvent processing) {
        processing.forget(e.subjectId());
    }

    /**
     * @return what a badge says of its holder: never {@code null}, even when the club had forgotten the name already,
     *         so that it reads {@code null} only once the registrar forgot the person
     */
    public static String holder(String name, String club) {
        return name + " of " + club;
    }
}
