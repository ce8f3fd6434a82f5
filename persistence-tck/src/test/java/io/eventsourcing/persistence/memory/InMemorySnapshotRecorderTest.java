package io.eventsourcing.persistence.memory;

import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.persistence.tck.SnapshotRecorderConformance;

import java.util.Map;

class InMemorySnapshotRecorderTest extends SnapshotRecorderConformance {

    @Override
    protected SnapshotRecorder newRecorder() {
        return InfrastructureFactory.create(Settings.of(Map.of("eventsourcing.persistence", "memory")))
                .snapshotRecorder();
    }
}
