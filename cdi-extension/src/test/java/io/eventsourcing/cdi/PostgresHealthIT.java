package io.eventsourcing.cdi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health checks with the dog school in PostgreSQL (the library's own pool), on an embedded server of this class
 * that a test stops and starts again, on the same port and data, while the container runs.
 */
class PostgresHealthIT extends HealthContract {

    @TempDir
    static Path data;
    private static EmbeddedPostgres server;
    private static int port;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        port = server.getPort();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Override
    protected Map<String, String> database(int store) {
        return Map.of("eventsourcing.DogSchool.persistence", "postgres",
                "eventsourcing.DogSchool.postgres.host", "localhost",
                "eventsourcing.DogSchool.postgres.port", Integer.toString(port),
                "eventsourcing.DogSchool.postgres.dbname", "postgres",
                "eventsourcing.DogSchool.postgres.user", "postgres",
                "eventsourcing.DogSchool.postgres.password", "postgres",
                "eventsourcing.DogSchool.events-table-name", "health_events_" + store);
    }

    @Test
    void the_application_is_down_within_seconds_of_the_database_stopping_and_up_again_once_it_is_back()
            throws IOException {
        school.registerDog("Fido");
        assertThat(await(APPLICATION, r -> r.getStatus() == HealthCheckResponse.Status.UP).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);

        server.close();
        long stopped = System.nanoTime();
        HealthCheckResponse down = await(APPLICATION, r -> r.getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(System.nanoTime() - stopped).isLessThan(5_000_000_000L);
        assertThat((String) down.getData().orElseThrow().get("problem")).contains("health_events_");

        server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        HealthCheckResponse up = await(APPLICATION, r -> r.getStatus() == HealthCheckResponse.Status.UP);
        assertThat(up.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        school.registerDog("Rex");
        assertThat(await(FOLLOWER, r -> r.getData().orElseThrow().get("position").equals(2L)).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}
