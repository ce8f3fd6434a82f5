package io.eventsourcing.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** A user's transactional service that saves through the dog school and writes a row of its own. */
@ApplicationScoped
public class TransactionalKennel {

    @Inject
    DogSchool school;

    @Inject
    DataSource dataSource;

    @Inject
    StoredEventsObserver observer;

    @Transactional
    public UUID registerWithNote(String name) {
        UUID dogId = school.registerDog(name);
        note(name);
        return dogId;
    }

    @Transactional
    public void registerWithNoteAndFail(String name) {
        school.registerDog(name);
        note(name);
        throw new IllegalStateException("the kennel is full");
    }

    /** @return how many reports the observer had before the transaction committed */
    @Transactional
    public int registerTwo(String first, String second) {
        school.registerDog(first);
        school.registerDog(second);
        return observer.dogSchool().size();
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
}
