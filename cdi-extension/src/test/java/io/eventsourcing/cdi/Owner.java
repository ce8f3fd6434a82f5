package io.eventsourcing.cdi;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.PersonalData;

/**
 * A dog's owner, whose name and phone are personal data of the owner (the aggregate is the subject). Not in the test
 * index: only the deployments that add it as a bean class have personal data, and need a master key.
 */
public class Owner extends Aggregate {

    public record Registered(@PersonalData String name, @PersonalData(forgotten = "(forgotten)") String phone,
                             String dogName) {}

    private String name;
    private String phone;
    private String dogName;

    public Owner(String name, String phone, String dogName) {
        trigger(new Registered(name, phone, dogName));
    }

    private Owner() {
    }

    public String name() {
        return name;
    }

    public String phone() {
        return phone;
    }

    public String dogName() {
        return dogName;
    }

    @Apply
    void on(Registered e) {
        name = e.name();
        phone = e.phone();
        dogName = e.dogName();
    }
}
