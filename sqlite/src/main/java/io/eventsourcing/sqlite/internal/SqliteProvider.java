package io.eventsourcing.sqlite.internal;

import io.eventsourcing.jdbc.spi.DialectProvider;

/** {@code eventsourcing.persistence=sqlite}: a SQLite file (WAL) or in-memory database; in {@code META-INF/services}. */
public final class SqliteProvider extends DialectProvider {

    public SqliteProvider() {
        super(new SqliteDialect());
    }
}
