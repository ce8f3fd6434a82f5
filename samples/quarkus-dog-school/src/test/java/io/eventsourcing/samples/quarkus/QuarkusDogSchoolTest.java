package io.eventsourcing.samples.quarkus;

import io.eventsourcing.samples.rest.DogSchoolApiContract;
import io.eventsourcing.samples.rest.DogSchoolPageContract;
import io.eventsourcing.samples.rest.HealthEndpoint;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dog school over HTTP on Quarkus, events in a real PostgreSQL server through Quarkus's Agroal DataSource: the
 * scenario of {@link DogSchoolApiContract}, then a rolled-back transaction, then the health checks at
 * {@code /q/health} ({@link HealthEndpoint}), the database stopped and started again, then the page and the live log
 * ({@link DogSchoolPageContract}). One Quarkus boot for all.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusDogSchoolTest extends DogSchoolApiContract implements DogSchoolPageContract {

    @TestHTTPResource("/")
    URL root;

    @Override
    public URI base() {
        return URI.create(root.toString());
    }

    @Test
    @Order(2)
    void aTransactionThatRollsBackStoresNothing() throws Exception {
        int before = logSize();

        // A failure of the server's own is 500 as problem details too, its exception only in the server's log.
        assertProblem(post("/test/failing-dogs/Rex", "{}"), 500, "log");

        assertThat(logSize()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void theHealthChecksAreUpAndReadinessFollowsTheDatabase() throws Exception {
        HealthEndpoint health = new HealthEndpoint(base().resolve("/q/health"));
        health.assertUp();
        health.assertDownWhileTheDatabaseIsStopped(EmbeddedPostgresResource::stopServer,
                EmbeddedPostgresResource::startServer);
        health.assertUp();
    }
}
