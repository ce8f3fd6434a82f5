package io.eventsourcing.samples.wildfly;

import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.Follows;
import io.eventsourcing.samples.rest.DogSchool;
import io.eventsourcing.samples.rest.JpaDogList;

/**
 * The dog list of {@code GET /dogs} as a JPA entity, written through WildFly's {@code EntityManager} (the persistence
 * unit {@code dogschool}, {@link Persistence}) in the JTA transaction that the projection begins with WildFly's
 * {@code UserTransaction} and that also holds its tracking.
 */
@EventSourced
@Follows(DogSchool.class)
public class DogListView extends JpaDogList {
}
