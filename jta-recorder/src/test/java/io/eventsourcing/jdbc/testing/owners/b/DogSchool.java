package io.eventsourcing.jdbc.testing.owners.b;

import io.eventsourcing.persistence.tck.Universe;

import java.util.Map;

/** Another application named DogSchool, as the one in {@code owners.a} is: both derive the table names dogschool_*. */
public class DogSchool extends Universe {

    public DogSchool(Map<String, String> settings) {
        super(settings);
    }
}
