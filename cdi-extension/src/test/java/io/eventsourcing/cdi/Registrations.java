package io.eventsourcing.cdi;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A process application the container runs: it follows the dog school and keeps a roll of registered names. */
@EventSourced
@Follows(DogSchool.class)
public class Registrations extends ProcessApplication {

    private static final UUID ROLL = UUID.nameUUIDFromBytes("roll".getBytes(StandardCharsets.UTF_8));

    @Policy
    void on(Dog.Registered e, ProcessingEvent processing) {
        Roll roll = repository().contains(ROLL) ? repository().get(ROLL) : new Roll();
        roll.add(e.name());
        processing.collect(roll);
    }

    /** @return the names registered so far, in order */
    public List<String> names() {
        return repository().contains(ROLL) ? repository().<Roll>get(ROLL).names() : List.of();
    }

    /** The roll of names. */
    public static class Roll extends Aggregate {
        public record Named(String name) {}

        private final List<String> names = new ArrayList<>();

        Roll() {
            super(ROLL);
        }

        void add(String name) {
            trigger(new Named(name));
        }

        @Apply
        void on(Named e) {
            names.add(e.name());
        }

        List<String> names() {
            return List.copyOf(names);
        }
    }
}
