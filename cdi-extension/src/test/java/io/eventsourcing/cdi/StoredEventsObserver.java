package io.eventsourcing.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user's bean that wants to know what the dog school stored. */
@ApplicationScoped
public class StoredEventsObserver {

    private final List<EventsStored> dogSchool = new CopyOnWriteArrayList<>();
    private final List<EventsStored> catSchool = new CopyOnWriteArrayList<>();

    void onDogSchool(@Observes @EventSourced(DogSchool.class) EventsStored stored) {
        dogSchool.add(stored);
    }

    void onCatSchool(@Observes @EventSourced(CatSchool.class) EventsStored stored) {
        catSchool.add(stored);
    }

    public List<EventsStored> dogSchool() {
        return List.copyOf(dogSchool);
    }

    public List<EventsStored> catSchool() {
        return List.copyOf(catSchool);
    }
}
