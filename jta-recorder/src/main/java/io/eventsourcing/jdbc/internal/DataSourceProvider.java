package io.eventsourcing.jdbc.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.InfrastructureFactory;

/**
 * {@code eventsourcing.persistence=datasource}: the container's DataSource
 * ({@link io.eventsourcing.container.Container}), of any database whose module is on the class path; registered in
 * {@code META-INF/services}.
 */
public final class DataSourceProvider implements InfrastructureFactory.Provider {

    @Override
    public String name() {
        return Backend.DATASOURCE;
    }

    @Override
    public InfrastructureFactory create(Settings settings) {
        return JdbcInfrastructureFactory.create(settings);
    }
}
