package io.eventsourcing.postgres.internal;

import io.eventsourcing.jdbc.spi.DialectProvider;

/** {@code eventsourcing.persistence=postgres}: PostgreSQL through our own connection pool; in {@code META-INF/services}. */
public final class PostgresProvider extends DialectProvider {

    public PostgresProvider() {
        super(new PostgresDialect());
    }
}
