package io.eventsourcing.persistence.memory;

import io.eventsourcing.persistence.tck.InfrastructureConformance;

import java.util.Map;

class InMemoryInfrastructureTest extends InfrastructureConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "memory");
    }
}
