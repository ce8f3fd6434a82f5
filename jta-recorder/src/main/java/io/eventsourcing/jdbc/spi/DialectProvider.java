package io.eventsourcing.jdbc.spi;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.InfrastructureFactory;

/**
 * Makes {@code eventsourcing.persistence=}{@link Dialect#name()} select a database with the library's own
 * connections: a database module lists a subclass (public, with a no-arg constructor) in
 * {@code META-INF/services/io.eventsourcing.persistence.InfrastructureFactory$Provider}.
 */
public abstract class DialectProvider implements InfrastructureFactory.Provider {

    private final Dialect dialect;

    protected DialectProvider(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public final String name() {
        return dialect.name();
    }

    @Override
    public final InfrastructureFactory create(Settings settings) {
        return JdbcInfrastructureFactory.create(settings, dialect);
    }
}
