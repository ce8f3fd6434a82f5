package io.eventsourcing.persistence.memory;

import io.eventsourcing.persistence.tck.ApplicationConformance;

import java.util.Map;

class InMemoryApplicationTest extends ApplicationConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "memory");
    }
}
