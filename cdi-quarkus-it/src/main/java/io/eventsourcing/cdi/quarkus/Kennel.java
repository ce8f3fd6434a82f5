package io.eventsourcing.cdi.quarkus;

import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.EventsStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A user's transactional service that writes a row of its own beside the dog school's events, in Quarkus's Agroal
 * DataSource and Narayana transactions; and an observer of what the dog school stored.
 */
@ApplicationScoped
public class Kennel {

    @Inject
    DogSchool school;

    @Inject
    @EventSourced(DogSchool.class)
    Repository dogs;

    @Inject
    @EventSourced(DogSchool.class)
    NotificationLog log;

    private final List<EventsStored> stored = new CopyOnWriteArrayList<>();

    void onStored(@Observes @EventSourced(DogSchool.class) EventsStored event) {
        stored.add(event);
    }

    @Inject
    DataSource dataSource;

    @Transactional
    public UUID register(String name) {
        UUID dogId = school.registerDog(name);
        note(name);
        return dogId;
    }

    @Transactional
    public void registerAndFail(String name) {
        school.registerDog(name);
        note(name);
        throw new IllegalStateException("the kennel is full");
    }

    /** @return the names the kennel noted in its own table, in the same transactions as the dog school's saves */
    public List<String> notes() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM kennel_notes ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void createTable(@Observes Startup startup) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS kennel_notes (name VARCHAR(100))");
        }
    }

    private void note(String name) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO kennel_notes (name) VALUES (?)")) {
            insert.setString(1, name);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public DogSchool school() { return school; }
    public Repository dogs() { return dogs; }
    public NotificationLog log() { return log; }
    public List<EventsStored> stored() { return List.copyOf(stored); }
    public void forget() { stored.clear(); }
}
