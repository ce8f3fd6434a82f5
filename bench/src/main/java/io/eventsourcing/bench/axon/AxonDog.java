package io.eventsourcing.bench.axon;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' {@code Dog} in Axon Framework 4's idiomatic form: commands call the static
 * {@link AggregateLifecycle#apply}, state changes live in {@link EventSourcingHandler} methods, and the creation
 * event carries the aggregate identifier (Axon sets {@link AggregateIdentifier} from it; our library keeps the id
 * in the stored event's envelope only). Used only by the benchmarks: Axon never reaches the library's modules.
 */
public class AxonDog {

    /** The creation event; carries the id, as Axon needs to set the identifier field from an event. */
    public record Registered(String dogId, String name) {
    }

    public record TrickAdded(String trick) {
    }

    @AggregateIdentifier
    private String id;
    private String name;
    private final List<String> tricks = new ArrayList<>();

    /** For Axon, which rebuilds the aggregate with this constructor and then replays its events. */
    AxonDog() {
    }

    public AxonDog(String id, String name) {
        AggregateLifecycle.apply(new Registered(id, name));
    }

    public void addTrick(String trick) {
        AggregateLifecycle.apply(new TrickAdded(trick));
    }

    @EventSourcingHandler
    void on(Registered e) {
        id = e.dogId();
        name = e.name();
    }

    @EventSourcingHandler
    void on(TrickAdded e) {
        tricks.add(e.trick());
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<String> tricks() {
        return tricks;
    }
}
