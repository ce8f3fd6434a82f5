package io.eventsourcing.cdi.quarkus;

import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.EventsStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user's transactional service, and an observer of what the dog school stored. */
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

    @Transactional
    public UUID register(String name) {
        return school.registerDog(name);
    }

    @Transactional
    public void registerAndFail(String name) {
        school.registerDog(name);
        throw new IllegalStateException("the kennel is full");
    }

    public DogSchool school() { return school; }
    public Repository dogs() { return dogs; }
    public NotificationLog log() { return log; }
    public List<EventsStored> stored() { return List.copyOf(stored); }
    public void forget() { stored.clear(); }
}
