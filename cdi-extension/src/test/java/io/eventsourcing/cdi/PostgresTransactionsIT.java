package io.eventsourcing.cdi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/** On an embedded PostgreSQL server, started once for the class's JVM. */
class PostgresTransactionsIT extends DogSchoolInTransactionsContract {

    private static final class Server {
        static final EmbeddedPostgres POSTGRES;

        static {
            try {
                POSTGRES = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected String[] database() {
        return new String[]{Server.POSTGRES.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"};
    }
}
