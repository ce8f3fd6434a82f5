package io.eventsourcing.persistence.tck;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import jakarta.json.bind.annotation.JsonbProperty;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The aggregate of the application conformance suite: a world where things happen, as in the Python library. */
public class World extends Aggregate {

    public record Created(String name) {
    }

    public record SomethingHappened(String what) {
    }

    /** An event holding every kind of value the JSON-B transcoder must round-trip. */
    public record Described(String text, long count, int small, double ratio, boolean flag, UUID ref, Instant at,
                            LocalDate day, BigDecimal amount, Kind kind, List<String> tags, Set<Integer> numbers,
                            Map<String, Integer> scores, Place place, List<Place> places) {
    }

    public record Place(String name, double latitude) {
    }

    /** An event with a JSON-B annotation: JSON-B (Yasson) writes and reads it, not the library's own codec. */
    public record Labelled(@JsonbProperty("label") String text) {
    }

    public enum Kind { ROCKY, GASEOUS }

    private String name;
    private final List<String> history = new ArrayList<>();
    private Described description;
    private String label;

    public World(String name) {
        trigger(new Created(name));
    }

    private World() {
    }

    public void makeItSo(String what) {
        trigger(new SomethingHappened(what));
    }

    public void describe(Described description) {
        trigger(description);
    }

    public void label(String text) {
        trigger(new Labelled(text));
    }

    @Apply
    void on(Created e) {
        name = e.name();
    }

    @Apply
    void on(SomethingHappened e) {
        history.add(e.what());
    }

    @Apply
    void on(Described e) {
        description = e;
    }

    @Apply
    void on(Labelled e) {
        label = e.text();
    }

    public String name() {
        return name;
    }

    public List<String> history() {
        return List.copyOf(history);
    }

    public Described description() {
        return description;
    }

    public String label() {
        return label;
    }
}
