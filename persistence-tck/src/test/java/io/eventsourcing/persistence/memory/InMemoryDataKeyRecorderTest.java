package io.eventsourcing.persistence.memory;

import io.eventsourcing.memory.InMemoryRecorder;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.tck.DataKeyRecorderConformance;

class InMemoryDataKeyRecorderTest extends DataKeyRecorderConformance {

    @Override
    protected ProcessRecorder newRecorder() {
        return new InMemoryRecorder();
    }
}
