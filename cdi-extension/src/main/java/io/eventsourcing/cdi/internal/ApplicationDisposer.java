package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanDisposer;

/** Closes an {@code @EventSourced} application when the container shuts down. Public for generated code. */
public final class ApplicationDisposer implements SyntheticBeanDisposer<Application> {

    @Override
    public void dispose(Application application, Instance<Object> lookup, Parameters params) {
        application.close();
    }
}
