package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;

/** An application that is not in the class index: the container shows it to the extension as a bean class. */
@EventSourced
public class CatSchool extends Application {
}
