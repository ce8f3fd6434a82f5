/** Events in SQLite, a file or in memory: its dialect of the JDBC recorders, and {@code SqliteSettings}. */
module io.eventsourcing.sqlite {
    requires transitive io.eventsourcing.jdbc;

    exports io.eventsourcing.sqlite;

    provides io.eventsourcing.jdbc.spi.Dialect with io.eventsourcing.sqlite.internal.SqliteDialect;
    provides io.eventsourcing.persistence.InfrastructureFactory.Provider
            with io.eventsourcing.sqlite.internal.SqliteProvider;
}
