package io.eventsourcing.cdi.internal;

import io.eventsourcing.system.Projection;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanDisposer;

/** Closes an {@code @EventSourced} projection when the container shuts down. Public for generated code. */
public final class ProjectionDisposer implements SyntheticBeanDisposer<Projection> {

    @Override
    public void dispose(Projection projection, Instance<Object> lookup, Parameters params) {
        projection.close();
    }
}
