package io.eventsourcing.bench;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The in-memory read model of {@link ProjectionBenchmark}: each Dog's tricks, counted into a map. */
public class TrickTally extends Projection {

    private final Map<UUID, Integer> tricks = new HashMap<>();

    public TrickTally(Map<String, String> settings) {
        super(settings);
    }

    @Policy
    void on(Dog.Registered e, ProjectionContext context) {
        tricks.put(context.event().originatorId(), 0);
    }

    @Policy
    void on(Dog.TrickAdded e, ProjectionContext context) {
        tricks.merge(context.event().originatorId(), 1, Integer::sum);
    }

    /** @return how many Dogs, and how many tricks in all */
    public long[] totals() {
        return query(connection -> new long[] {tricks.size(),
                tricks.values().stream().mapToLong(Integer::longValue).sum()});
    }
}
