package io.eventsourcing.cdi.quarkus;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;

/** An application nothing injects: the container still creates, checks and closes it. */
@EventSourced
public class CatSchool extends Application {
}
