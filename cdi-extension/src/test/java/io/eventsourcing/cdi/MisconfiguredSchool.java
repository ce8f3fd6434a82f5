package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;

/** Its persistence is set to an unknown value in {@code microprofile-config.properties}. */
@EventSourced
public class MisconfiguredSchool extends Application {
}
