package io.eventsourcing.jdbc.testing.owners.c;

import io.eventsourcing.domain.Renamed;
import io.eventsourcing.persistence.tck.Universe;

import java.util.Map;

/** The DogSchool of {@code owners.a}, moved here: it keeps the tables that class owns. */
@Renamed(from = "io.eventsourcing.jdbc.testing.owners.a.DogSchool")
public class DogSchool extends Universe {

    public DogSchool(Map<String, String> settings) {
        super(settings);
    }
}
