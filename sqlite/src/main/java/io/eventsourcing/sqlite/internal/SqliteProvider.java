package io.eventsourcing.sqlite.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.sqlite.SqliteSettings;

/** {@code eventsourcing.persistence=sqlite}: a SQLite file (WAL) or in-memory database; in {@code META-INF/services}. */
public final class SqliteProvider implements InfrastructureFactory.Provider {

    @Override
    public String name() {
        return SqliteSettings.PERSISTENCE;
    }

    @Override
    public InfrastructureFactory create(Settings settings) {
        return JdbcInfrastructureFactory.create(settings, new SqliteDialect());
    }
}
