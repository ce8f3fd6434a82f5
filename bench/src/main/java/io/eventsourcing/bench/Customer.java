package io.eventsourcing.bench;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.PersonalData;

/**
 * Issue 14's aggregate: every event holds two {@link PersonalData} strings and one plain one; the subject is the
 * aggregate (no {@code @DataSubject}). {@link PlainCustomer} is the same without the annotations.
 */
public class Customer extends Aggregate {
    public record Registered(@PersonalData String name, @PersonalData String email, String plan) {
    }

    public record Moved(@PersonalData String address, @PersonalData String phone, String region) {
    }

    private String name;
    private String email;
    private String plan;
    private String address;
    private String phone;
    private String region;

    public Customer(String name, String email, String plan) {
        trigger(new Registered(name, email, plan));
    }

    private Customer() {
    }

    public void move(String address, String phone, String region) {
        trigger(new Moved(address, phone, region));
    }

    @Apply
    void on(Registered e) {
        name = e.name();
        email = e.email();
        plan = e.plan();
    }

    @Apply
    void on(Moved e) {
        address = e.address();
        phone = e.phone();
        region = e.region();
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }
}
