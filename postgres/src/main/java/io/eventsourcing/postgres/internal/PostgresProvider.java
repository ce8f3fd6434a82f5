package io.eventsourcing.postgres.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.postgres.PostgresSettings;

/** {@code eventsourcing.persistence=postgres}: PostgreSQL through our own connection pool; in {@code META-INF/services}. */
public final class PostgresProvider implements InfrastructureFactory.Provider {

    @Override
    public String name() {
        return PostgresSettings.PERSISTENCE;
    }

    @Override
    public InfrastructureFactory create(Settings settings) {
        return JdbcInfrastructureFactory.create(settings, new PostgresDialect());
    }
}
