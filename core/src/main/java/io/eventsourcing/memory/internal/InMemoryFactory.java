package io.eventsourcing.memory.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.memory.InMemoryRecorder;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.ProjectionRecorder;
import io.eventsourcing.persistence.SnapshotRecorder;
import io.eventsourcing.serialization.Mapper;

/**
 * The default persistence, {@code memory}: one {@link InMemoryRecorder} per application, which also keeps its data
 * keys, one for its snapshots.
 */
public final class InMemoryFactory implements InfrastructureFactory {

    private final Mapper mapper;
    private final InMemoryRecorder recorder = new InMemoryRecorder();
    private final InMemorySnapshotRecorder snapshots = new InMemorySnapshotRecorder();
    private final InMemoryProjectionRecorder projection = new InMemoryProjectionRecorder();

    InMemoryFactory(Settings settings) {
        this.mapper = Mapper.create(settings).withDataKeys(recorder);
    }

    @Override
    public Mapper mapper() {
        return mapper;
    }

    @Override
    public ApplicationRecorder applicationRecorder() {
        return recorder;
    }

    @Override
    public ProcessRecorder processRecorder() {
        return recorder;
    }

    @Override
    public SnapshotRecorder snapshotRecorder() {
        return snapshots;
    }

    @Override
    public ProjectionRecorder projectionRecorder() {
        return projection;
    }

    /** Registered in {@code META-INF/services}. */
    public static final class Provider implements InfrastructureFactory.Provider {

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public InfrastructureFactory create(Settings settings) {
            return new InMemoryFactory(settings);
        }
    }
}
