package io.eventsourcing.persistence.memory;

import io.eventsourcing.memory.InMemoryRecorder;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.tck.ProcessRecorderConformance;

/** Runs the process, application and aggregate recorder suites, which it inherits. */
class InMemoryProcessRecorderTest extends ProcessRecorderConformance {

    @Override
    protected ProcessRecorder newRecorder() {
        return new InMemoryRecorder();
    }
}
