package io.eventsourcing.samples.dogschool;

import io.eventsourcing.application.Application;

import java.util.Map;
import java.util.UUID;

/** The dog school application: registers dogs and teaches them tricks. */
public class DogSchool extends Application {
    public DogSchool() {}
    public DogSchool(Map<String, String> settings) { super(settings); }

    public UUID registerDog(String name) { Dog dog = new Dog(name); save(dog); return dog.id(); }
    public void addTrick(UUID dogId, String trick) { Dog dog = repository().get(dogId); dog.addTrick(trick); save(dog); }
    public Dog getDog(UUID dogId) { return repository().get(dogId); }
}
