package io.eventsourcing.cdi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * A save whose numbering must wait (another session holds the table's numbering lock for a while) when the
     * container shuts down is numbered before the container closes its DataSource: no warning that the pool is closed,
     * and the row has its id. Before the shutdown waited for it, the sequencer found the pool closed.
     */
    @Test
    void a_numbering_that_waits_at_shutdown_is_done_before_the_data_source_closes() throws Exception {
        String table = System.getProperty("eventsourcing.DogSchool.events-table-name");
        UUID dogId;
        try (Connection locker = Server.POSTGRES.getPostgresDatabase().getConnection();
             Statement lock = locker.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + lockKey(table) + ")");
            dogId = school().registerDog("Fido");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                    lock.execute("SELECT pg_advisory_unlock_all()");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            assertThat(warningsWhile(this::shutDown)).isEmpty();
            release.join();
        }
        try (Connection connection = Server.POSTGRES.getPostgresDatabase().getConnection();
             Statement select = connection.createStatement();
             ResultSet row = select.executeQuery(
                     "SELECT notification_id FROM " + table + " WHERE originator_id = '" + dogId + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getObject(1)).as("the notification id of the save").isNotNull();
        }
    }

    /** The key of the advisory lock under which PostgreSQL's sequencer numbers a table's rows (FNV-1a, 64 bits). */
    private static long lockKey(String table) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : ("eventsourcing:" + table).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
