package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.Application;

import java.util.Map;

/** The application of the personal data conformance suite. */
public class Club extends Application {

    public Club(Map<String, String> settings) {
        super(settings);
    }
}
