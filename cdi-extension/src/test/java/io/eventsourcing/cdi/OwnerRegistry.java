package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;

import java.util.UUID;

/** Registers the owners of dogs: an application with personal data. */
@EventSourced
public class OwnerRegistry extends Application {

    public UUID register(String name, String phone, String dogName) {
        Owner owner = new Owner(name, phone, dogName);
        save(owner);
        return owner.id();
    }

    public Owner owner(UUID ownerId) {
        return repository().get(ownerId);
    }
}
