package io.eventsourcing.samples.wildfly;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The persistence unit {@code dogschool} ({@code META-INF/persistence.xml}) as a CDI bean, for {@link DogListView}:
 * WildFly's transaction-scoped {@link EntityManager}, which joins the JTA transaction of the calling thread.
 */
@ApplicationScoped
public class Persistence {

    @Produces
    @PersistenceContext(unitName = "dogschool")
    EntityManager entityManager;
}
