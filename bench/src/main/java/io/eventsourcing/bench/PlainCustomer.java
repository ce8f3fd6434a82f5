package io.eventsourcing.bench;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

/** {@link Customer} without {@code @PersonalData}: the same events, all components plain. */
public class PlainCustomer extends Aggregate {
    public record Registered(String name, String email, String plan) {
    }

    public record Moved(String address, String phone, String region) {
    }

    private String name;
    private String email;
    private String plan;
    private String address;
    private String phone;
    private String region;

    public PlainCustomer(String name, String email, String plan) {
        trigger(new Registered(name, email, plan));
    }

    private PlainCustomer() {
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
