package io.eventsourcing.system;

import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;

/**
 * What a {@link Projection}'s {@link Policy} method gets besides the event record: the event with its aggregate's id
 * and version, the notification it came from, and the JDBC connection of the transaction in which the library also
 * writes the tracking record of that notification, so that the view's changes and the tracking commit together.
 * Belongs to the one call of the policy.
 *
 * @param event      the event, with its aggregate's id and version
 * @param tracking   which notification of which application this is
 * @param connection the transaction's connection (SQLite, PostgreSQL, or the container's DataSource joining its JTA
 *                   transaction, so that JPA on that DataSource joins too); {@code null} in memory, where a
 *                   projection keeps its view in fields
 */
public record ProjectionContext(DomainEvent event, Tracking tracking, Connection connection) {
}
