package io.eventsourcing.persistence.memory;

import io.eventsourcing.persistence.tck.SnapshotConformance;

import java.util.Map;

class InMemorySnapshotTest extends SnapshotConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "memory");
    }
}
