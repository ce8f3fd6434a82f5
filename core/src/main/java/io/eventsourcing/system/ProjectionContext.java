package io.eventsourcing.system;

import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.Tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Projection}'s {@link Policy} method gets besides the event record: the event with its aggregate's id
 * and version, the notification it came from, and the JDBC connection of the transaction in which the library also
 * writes the tracking record of that notification, so that the view's changes and the tracking commit together.
 * Belongs to the one call of the policy.
 */
public final class ProjectionContext {

    private final DomainEvent event;
    private final Tracking tracking;
    private final Connection connection;
    private final Batches batches;

    ProjectionContext(DomainEvent event, Tracking tracking, Connection connection, Batches batches) {
        this.event = event;
        this.tracking = tracking;
        this.connection = connection;
        this.batches = batches;
    }

    /** @return the event, with its aggregate's id and version */
    public DomainEvent event() {
        return event;
    }

    /** @return which notification of which application this is */
    public Tracking tracking() {
        return tracking;
    }

    /**
     * @return the transaction's connection (SQLite, PostgreSQL, or the container's DataSource joining its JTA
     *         transaction, so that JPA on that DataSource joins too); {@code null} in memory, where a projection
     *         keeps its view in fields
     */
    public Connection connection() {
        return connection;
    }

    /**
     * A statement whose executions the library sends together, in one round trip, once the policies of the batch of
     * notifications have run, before the commit: bind its parameters and call {@code addBatch()} (not
     * {@code execute}). The same SQL gives the same statement throughout the batch; statements run in the order of
     * their first use. Reads of the view in a later policy of the batch do not see these changes yet. If one fails,
     * the notifications are processed again one at a time, which names the failing one.
     *
     * <pre>{@code
     * PreparedStatement upsert = context.batch("insert into dog_list (id, name) values (?, ?)");
     * upsert.setString(1, context.event().originatorId().toString());
     * upsert.setString(2, e.name());
     * upsert.addBatch();
     * }</pre>
     *
     * @throws IllegalStateException in memory, where there is no connection
     */
    public PreparedStatement batch(String sql) throws SQLException {
        if (connection == null) {
            throw new IllegalStateException("No connection in memory: a projection in memory keeps its view in"
                    + " fields");
        }
        return batches.statement(connection, sql);
    }

    /** The batched statements of one transaction of a projection, by SQL, in the order of their first use. */
    static final class Batches {
        private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();

        PreparedStatement statement(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        /** Executes the statements' batches, in order, and closes them; closes them also if one fails. */
        void execute() throws SQLException {
            SQLException failure = null;
            for (PreparedStatement statement : statements.values()) {
                try {
                    if (failure == null) {
                        statement.executeBatch();
                    }
                } catch (SQLException e) {
                    failure = e;
                } finally {
                    try {
                        statement.close();
                    } catch (SQLException e) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                }
            }
            statements.clear();
            if (failure != null) {
                throw failure;
            }
        }

        /** Closes the statements not executed (a policy failed); their batches are dropped. */
        void close() {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // The transaction rolls back; nothing was sent.
                }
            }
            statements.clear();
        }
    }
}
