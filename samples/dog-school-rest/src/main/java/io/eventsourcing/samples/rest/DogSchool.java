package io.eventsourcing.samples.rest;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;

import java.util.UUID;

/** The dog school application: registers dogs and teaches them tricks. One instance per container. */
@EventSourced
public class DogSchool extends Application {

    public UUID registerDog(String name) {
        Dog dog = new Dog(name);
        save(dog);
        return dog.id();
    }

    public void addTrick(UUID dogId, String trick) {
        Dog dog = repository().get(dogId);
        dog.addTrick(trick);
        save(dog);
    }

    public Dog getDog(UUID dogId) {
        return repository().get(dogId);
    }

    /** @return the dog as it was at the version (1: registered, each trick one more) */
    public Dog getDog(UUID dogId, int version) {
        return repository().get(dogId, version);
    }
}
