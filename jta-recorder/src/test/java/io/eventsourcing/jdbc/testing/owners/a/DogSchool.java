package io.eventsourcing.jdbc.testing.owners.a;

import io.eventsourcing.persistence.tck.Universe;

import java.util.Map;

/** An application named DogSchool, as the one in {@code owners.b} is: both derive the table names dogschool_*. */
public class DogSchool extends Universe {

    public DogSchool(Map<String, String> settings) {
        super(settings);
    }
}
