package io.eventsourcing.persistence.memory;

import io.eventsourcing.persistence.tck.ProjectionConformance;

import java.util.Map;

class InMemoryProjectionTest extends ProjectionConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "memory");
    }
}
