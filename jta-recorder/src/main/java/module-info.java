/**
 * The JTA-aware JDBC recorder common to every database: {@code io.eventsourcing.jdbc} for applications
 * ({@code JdbcInfrastructureFactory}, {@code JdbcSettings}), {@code io.eventsourcing.jdbc.spi} for database modules
 * (the {@code Dialect} and what a dialect builds on).
 */
module io.eventsourcing.jdbc {
    requires transitive io.eventsourcing.core;
    requires transitive java.sql;
    requires java.naming;
    requires io.agroal.api;
    requires static jakarta.transaction;

    exports io.eventsourcing.jdbc;
    exports io.eventsourcing.jdbc.spi;

    uses io.eventsourcing.jdbc.spi.Dialect;

    provides io.eventsourcing.persistence.InfrastructureFactory.Provider
            with io.eventsourcing.jdbc.internal.DataSourceProvider;
}
