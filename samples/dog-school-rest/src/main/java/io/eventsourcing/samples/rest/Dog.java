package io.eventsourcing.samples.rest;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.util.ArrayList;
import java.util.List;

/** A dog: registered with a name, it learns tricks. */
public class Dog extends Aggregate {
    public record Registered(String name) {}
    public record TrickAdded(String trick) {}

    private String name;
    private final List<String> tricks = new ArrayList<>();

    public Dog(String name) { trigger(new Registered(name)); }   // the first event creates the aggregate
    private Dog() {}                                             // used when rebuilding from stored events

    public void addTrick(String trick) { trigger(new TrickAdded(trick)); }

    @Apply void on(Registered e) { name = e.name(); }
    @Apply void on(TrickAdded e) { tricks.add(e.trick()); }
    public String name() { return name; }
    public List<String> tricks() { return List.copyOf(tricks); }
}
