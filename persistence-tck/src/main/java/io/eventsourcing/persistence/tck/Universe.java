package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.Application;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The application of the application conformance suite. */
public class Universe extends Application {

    public Universe(Map<String, String> settings) {
        super(settings);
    }

    public UUID createWorld(String name) {
        World world = new World(name);
        save(world);
        return world.id();
    }

    public void makeItSo(UUID worldId, String what) {
        World world = repository().get(worldId);
        world.makeItSo(what);
        save(world);
    }

    public void label(UUID worldId, String label) {
        World world = repository().get(worldId);
        world.label(label);
        save(world);
    }

    public List<String> history(UUID worldId) {
        World world = repository().get(worldId);
        return world.history();
    }
}
