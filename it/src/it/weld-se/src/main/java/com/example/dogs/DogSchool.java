package com.example.dogs;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;

import java.util.UUID;

@EventSourced
public class DogSchool extends Application {
    public UUID registerDog(String name) { Dog dog = new Dog(name); save(dog); return dog.id(); }
    public void addTrick(UUID dogId, String trick) { Dog dog = repository().get(dogId); dog.addTrick(trick); save(dog); }
}
