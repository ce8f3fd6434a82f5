package io.eventsourcing.cdi.quarkus;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;

import java.util.UUID;

/** The same class as in plain Java, marked {@code @EventSourced}. */
@EventSourced
public class DogSchool extends Application {
    public UUID registerDog(String name) { Dog dog = new Dog(name); save(dog); return dog.id(); }
    public void addTrick(UUID dogId, String trick) { Dog dog = repository().get(dogId); dog.addTrick(trick); save(dog); }
    public Dog getDog(UUID dogId) { return repository().get(dogId); }
}
