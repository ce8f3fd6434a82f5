package io.eventsourcing.samples.quarkus;

import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.Follows;
import io.eventsourcing.samples.rest.DogSchool;
import io.eventsourcing.samples.rest.JpaDogList;

/**
 * The dog list of {@code GET /dogs} as a JPA entity, written through Quarkus's Hibernate ORM {@code EntityManager} in
 * the Narayana transaction that the projection begins with Quarkus's {@code TransactionManager} and that also holds
 * its tracking.
 */
@EventSourced
@Follows(DogSchool.class)
public class DogListView extends JpaDogList {
}
