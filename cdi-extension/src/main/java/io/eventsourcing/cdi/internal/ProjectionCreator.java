package io.eventsourcing.cdi.internal;

import io.eventsourcing.system.Projection;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

/**
 * Creates an {@code @EventSourced} projection through its no-arg constructor, exactly as in plain Java: it reads its
 * configuration from MicroProfile Config, and its recorder finds the container's DataSource and transactions through
 * {@link CdiContainer}. Public only because containers instantiate it from generated code.
 */
public final class ProjectionCreator implements SyntheticBeanCreator<Projection> {

    /** The parameter that holds the projection class. */
    public static final String PROJECTION = "projection";

    @Override
    public Projection create(Instance<Object> lookup, Parameters params) {
        Class<? extends Projection> type = params.get(PROJECTION, Class.class).asSubclass(Projection.class);
        return ApplicationCreator.construct(type);
    }
}
