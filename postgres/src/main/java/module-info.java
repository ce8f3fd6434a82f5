/**
 * Events in PostgreSQL: its dialect of the JDBC recorders, with the sequencer and LISTEN/NOTIFY, and
 * {@code PostgresSettings}.
 */
module io.eventsourcing.postgres {
    requires transitive io.eventsourcing.jdbc;
    requires org.postgresql.jdbc;       // LISTEN: PGConnection.getNotifications

    exports io.eventsourcing.postgres;

    provides io.eventsourcing.jdbc.spi.Dialect with io.eventsourcing.postgres.internal.PostgresDialect;
    provides io.eventsourcing.persistence.InfrastructureFactory.Provider
            with io.eventsourcing.postgres.internal.PostgresProvider;
}
