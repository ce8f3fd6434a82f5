package io.eventsourcing.cdi;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.transaction.TransactionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A projection over the container's DataSource: the dogs' names in a table, written through the policy's connection,
 * and a note of each through another connection of the DataSource, as JPA would take one. A dog named "Ghost" fails
 * its policy after both writes.
 */
@EventSourced
@Follows(DogSchool.class)
public class DogTable extends Projection {

    /** The status of the JTA transaction each policy call ran in. */
    final List<Integer> statuses = new CopyOnWriteArrayList<>();
    final AtomicInteger ghosts = new AtomicInteger();

    @Override
    protected void createTables(Connection connection) throws SQLException {
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS dog_table (id VARCHAR(36) PRIMARY KEY, name VARCHAR(100))");
        }
    }

    @Policy
    void on(Dog.Registered e, ProjectionContext context) throws Exception {
        statuses.add(CDI.current().select(TransactionManager.class).get().getStatus());
        try (PreparedStatement insert = context.connection()
                .prepareStatement("INSERT INTO dog_table (id, name) VALUES (?, ?)")) {
            insert.setString(1, context.event().originatorId().toString());
            insert.setString(2, e.name());
            insert.executeUpdate();
        }
        try (Connection other = CDI.current().select(DataSource.class).get().getConnection();
             PreparedStatement insert = other.prepareStatement("INSERT INTO kennel_notes (name) VALUES (?)")) {
            insert.setString(1, e.name());
            insert.executeUpdate();
        }
        if (e.name().equals("Ghost")) {
            ghosts.incrementAndGet();
            throw new IllegalStateException("no ghosts in the table");
        }
    }

    /** @return the names in the table, by name */
    public List<String> names() {
        return query(connection -> {
            List<String> names = new ArrayList<>();
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT name FROM dog_table ORDER BY name")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }
}
