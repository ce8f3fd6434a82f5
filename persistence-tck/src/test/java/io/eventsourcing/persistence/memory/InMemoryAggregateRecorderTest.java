package io.eventsourcing.persistence.memory;

import io.eventsourcing.memory.InMemoryRecorder;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.tck.AggregateRecorderConformance;

class InMemoryAggregateRecorderTest extends AggregateRecorderConformance {

    @Override
    protected AggregateRecorder newRecorder() {
        return new InMemoryRecorder();
    }
}
