package io.eventsourcing.jdbc.internal;

import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.Settings;

/** The three names under which the JDBC recorders plug in, registered in {@code META-INF/services}. */
public final class JdbcProviders {

    private JdbcProviders() {
    }

    /** {@code eventsourcing.persistence=postgres}: PostgreSQL through our own connection pool. */
    public static final class Postgres implements InfrastructureFactory.Provider {
        @Override
        public String name() {
            return "postgres";
        }

        @Override
        public InfrastructureFactory create(Settings settings) {
            return JdbcInfrastructureFactory.create(settings);
        }
    }

    /** {@code eventsourcing.persistence=sqlite}: a SQLite file (WAL) or in-memory database. */
    public static final class Sqlite implements InfrastructureFactory.Provider {
        @Override
        public String name() {
            return "sqlite";
        }

        @Override
        public InfrastructureFactory create(Settings settings) {
            return JdbcInfrastructureFactory.create(settings);
        }
    }

    /** {@code eventsourcing.persistence=datasource}: the container's DataSource, found in JNDI. */
    public static final class DataSource implements InfrastructureFactory.Provider {
        @Override
        public String name() {
            return "datasource";
        }

        @Override
        public InfrastructureFactory create(Settings settings) {
            return JdbcInfrastructureFactory.create(settings);
        }
    }
}
