package io.eventsourcing.persistence.memory;

import io.eventsourcing.persistence.tck.SystemConformance;

import java.util.Map;

class InMemorySystemTest extends SystemConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "memory");
    }
}
