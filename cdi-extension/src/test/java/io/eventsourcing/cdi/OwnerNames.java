package io.eventsourcing.cdi;

import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The owners' names, in memory: derived from their personal data, and deleted when an owner is forgotten. */
@EventSourced
@Follows(OwnerRegistry.class)
public class OwnerNames extends Projection {

    private final Map<UUID, String> names = new ConcurrentHashMap<>();

    @Policy
    void on(Owner.Registered e, ProjectionContext context) {
        names.put(context.event().originatorId(), e.name());
    }

    @Policy
    void on(SubjectForgotten e, ProjectionContext context) {
        names.remove(e.subjectId());
    }

    public Map<UUID, String> names() {
        return query(connection -> Map.copyOf(names));
    }
}
