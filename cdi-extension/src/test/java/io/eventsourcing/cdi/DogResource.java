package io.eventsourcing.cdi;

import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.persistence.EventStore;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** A user's bean: the injection points the issue names. */
@Dependent
public class DogResource {

    @Inject
    DogSchool school;

    @Inject
    @EventSourced(DogSchool.class)
    NotificationLog log;

    @Inject
    @EventSourced(DogSchool.class)
    Repository dogs;

    @Inject
    @EventSourced(DogSchool.class)
    EventStore events;
}
