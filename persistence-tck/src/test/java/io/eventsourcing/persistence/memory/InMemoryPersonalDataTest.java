package io.eventsourcing.persistence.memory;

import io.eventsourcing.persistence.tck.PersonalDataConformance;

import java.util.Map;

class InMemoryPersonalDataTest extends PersonalDataConformance {

    @Override
    protected Map<String, String> settings() {
        return Map.of("eventsourcing.persistence", "memory");
    }
}
