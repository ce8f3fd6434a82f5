package com.example.cats;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;

public class Cat extends Aggregate {
    public record Adopted(String name) {}
    public record Purred() {}

    private String name;

    public Cat(String name) { trigger(new Adopted(name)); }

    public void purr() { trigger(new Purred()); }

    @Apply void on(Adopted e) { name = e.name(); }
}
