package io.eventsourcing.cdi.internal;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.internal.AggregateType;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticObserver;
import jakarta.enterprise.inject.spi.EventContext;

/**
 * Resolves every aggregate's handlers when the container starts, so that the first request is as fast as the rest.
 * In Weld the extension's validation resolved them already, in this JVM; in Quarkus it ran at build time, in
 * another. Public for generated code.
 */
public final class ResolveAggregates implements SyntheticObserver<Startup> {

    /** The parameter that holds the aggregate classes. */
    public static final String AGGREGATES = "aggregates";

    @Override
    public void observe(EventContext<Startup> event, Parameters params) {
        for (Class<?> aggregate : params.get(AGGREGATES, Class[].class)) {
            AggregateType.of(aggregate.asSubclass(Aggregate.class));
        }
    }
}
