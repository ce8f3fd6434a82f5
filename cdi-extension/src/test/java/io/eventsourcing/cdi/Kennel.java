package io.eventsourcing.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** A user's transactional service that saves through the dog school. */
@ApplicationScoped
public class Kennel {

    @Inject
    DogSchool school;

    @Inject
    StoredEventsObserver observer;

    /** Registers two dogs (two saves) in one transaction. @return how many reports the observer had before commit */
    @Transactional
    public int registerTwo(String first, String second) {
        school.registerDog(first);
        school.registerDog(second);
        return observer.dogSchool().size();
    }

    @Transactional
    public void registerAndFail(String name) {
        school.registerDog(name);
        throw new IllegalStateException("the kennel is full");
    }
}
