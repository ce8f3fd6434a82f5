package io.eventsourcing.samples.rest;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The {@link DogList} as a JPA entity ({@link DogEntry}) on the container's DataSource, written through the container's
 * {@link EntityManager} (a bean: Quarkus's Hibernate ORM, or a producer of the application's persistence context on
 * WildFly). The projection's recorder runs each batch of notifications in a JTA transaction it begins on the
 * container's thread, in which it also inserts the tracking, so the entity manager joins it: the rows and the tracking
 * commit together. A server sample marks a subclass {@code @EventSourced @Follows(DogSchool.class)}, and sets
 * {@code eventsourcing.persistence=datasource} (the DataSource of the persistence unit).
 */
public abstract class JpaDogList extends Projection implements DogList {

    /** The table, created by the projection (not by JPA) so that it lives with its tracking. */
    @Override
    protected void createTables(Connection connection) throws SQLException {
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS dog_list (id VARCHAR(36) PRIMARY KEY,"
                    + " name VARCHAR(255) NOT NULL, trick_count INTEGER NOT NULL)");
            create.execute("CREATE INDEX IF NOT EXISTS dog_list_by_name ON dog_list (name, id)");
        }
    }

    @Policy
    void on(Dog.Registered e, ProjectionContext context) {
        entityManager().persist(new DogEntry(context.event().originatorId().toString(), e.name()));
    }

    @Policy
    void on(Dog.TrickAdded e, ProjectionContext context) {
        entityManager().find(DogEntry.class, context.event().originatorId().toString()).trickAdded();
    }

    @Override
    public List<Entry> dogs(int offset, int limit) {
        return entityManager().createQuery("SELECT d FROM DogEntry d ORDER BY d.name, d.id", DogEntry.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList()
                .stream().map(DogEntry::entry).toList();
    }

    @Override
    protected void clear(Connection connection) throws SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM dog_list");
        }
    }

    /** @return the container's entity manager, which joins the transaction of the calling thread */
    protected EntityManager entityManager() {
        return CDI.current().select(EntityManager.class).get();
    }
}
