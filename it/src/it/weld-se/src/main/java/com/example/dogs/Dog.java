package com.example.dogs;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

import java.util.ArrayList;
import java.util.List;

public class Dog extends Aggregate {
    public record Registered(String name) {}
    public record TrickAdded(String trick) {}

    private String name;
    private final List<String> tricks = new ArrayList<>();

    public Dog(String name) { trigger(new Registered(name)); }
    private Dog() {}

    public void addTrick(String trick) { trigger(new TrickAdded(trick)); }

    @Apply void on(Registered e) { name = e.name(); }
    @Apply void on(TrickAdded e) { tricks.add(e.trick()); }
    public String name() { return name; }
    public List<String> tricks() { return List.copyOf(tricks); }
}
