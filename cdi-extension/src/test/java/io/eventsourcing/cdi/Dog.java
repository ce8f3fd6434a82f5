package io.eventsourcing.cdi;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.util.ArrayList;
import java.util.List;

public class Dog extends Aggregate {

    public record Registered(String name) {}

    public record TrickAdded(Trick trick) {}

    /** A value inside an event, not an event: it needs no handler. */
    public record Trick(String name) {}

    private String name;
    private final List<String> tricks = new ArrayList<>();

    public Dog(String name) {
        trigger(new Registered(name));
    }

    private Dog() {
    }

    public void addTrick(String trick) {
        trigger(new TrickAdded(new Trick(trick)));
    }

    public String name() {
        return name;
    }

    public List<String> tricks() {
        return List.copyOf(tricks);
    }

    @Apply
    void on(Registered e) {
        name = e.name();
    }

    @Apply
    void on(TrickAdded e) {
        tricks.add(e.trick().name());
    }
}
