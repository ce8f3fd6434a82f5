package io.eventsourcing.cdi;

import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MicroProfile Health checks the extension adds, called as a health endpoint calls them, in Weld SE: the dog
 * school in a database (each database extends this), followed by {@link WatchedDogs} with
 * {@code eventsourcing.health.max-lag} 3. Settings are system properties, which MicroProfile Config reads first.
 */
abstract class HealthContract {

    static final String APPLICATION = "eventsourcing-application DogSchool";
    static final String FOLLOWER = "eventsourcing-follower WatchedDogs <- DogSchool";
    private static final AtomicInteger STORES = new AtomicInteger();

    private final Map<String, String> properties = new HashMap<>();
    protected WeldContainer container;
    protected DogSchool school;

    /** @param store a number no other test used, for a table or file of its own */
    protected abstract Map<String, String> database(int store);

    @BeforeEach
    final void start() {
        properties.putAll(database(STORES.incrementAndGet()));
        properties.put("eventsourcing.WatchedDogs.health.max-lag", "3");
        startContainer();
    }

    final void startContainer() {
        properties.forEach(System::setProperty);
        releaseConfig();
        container = WeldInitiator.createWeld().addBeanClasses(WatchedDogs.class).initialize();
        school = container.select(DogSchool.class).get();
    }

    @AfterEach
    final void stop() {
        WatchedDogs.wake.countDown();
        if (container != null) {
            container.close();
        }
        properties.keySet().forEach(System::clearProperty);
        releaseConfig();
    }

    @Test
    void the_checks_are_up_with_the_followers_position_lag_and_max_lag() {
        school.registerDog("Fido");
        school.registerDog("Rex");
        HealthCheckResponse follower = await(FOLLOWER, r -> r.getData().orElseThrow().get("lag").equals(0L));

        assertThat(readiness().keySet()).containsExactly(APPLICATION, FOLLOWER);
        assertThat(readiness().values()).extracting(HealthCheckResponse::getStatus)
                .containsOnly(HealthCheckResponse.Status.UP);
        assertThat(follower.getData().orElseThrow())
                .containsExactlyInAnyOrderEntriesOf(Map.of("position", 2L, "lag", 0L, "max-lag", 3L));
        // Rows committed a moment ago may show as waiting for their ids until the sweep's next look, a second on.
        HealthCheckResponse application = await(APPLICATION, r -> r.getData().orElseThrow().get("waiting").equals(0L));
        assertThat(application.getData().orElseThrow())
                .containsEntry("waiting", 0L).containsEntry("longest-wait-ms", 0L).doesNotContainKey("problem");
        HealthCheckResponse liveness = checks(Liveness.Literal.INSTANCE).get("eventsourcing-followers");
        assertThat(liveness.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(liveness.getData().orElseThrow()).containsExactly(Map.entry("WatchedDogs", true));
    }

    @Test
    void a_follower_stopped_by_a_failing_notification_is_down_naming_it_and_the_error() {
        school.registerDog("Fido");
        school.registerDog("Ghost");

        HealthCheckResponse follower = await(FOLLOWER, r -> r.getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(follower.getData().orElseThrow()).containsEntry("failing-notification-id", 2L)
                .containsEntry("position", 1L).containsEntry("lag", 1L);
        assertThat((String) follower.getData().orElseThrow().get("error")).contains("no ghosts here");
        assertThat(readiness().get(APPLICATION).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void a_follower_lagging_by_max_lag_or_more_is_down_until_it_catches_up() {
        WatchedDogs.wake = new CountDownLatch(1);
        school.registerDog("Sleepy");
        school.registerDog("Fido");
        school.registerDog("Rex");

        HealthCheckResponse lagging = await(FOLLOWER, r -> r.getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(lagging.getData().orElseThrow()).containsEntry("lag", 3L).containsEntry("max-lag", 3L)
                .doesNotContainKey("failing-notification-id");
        WatchedDogs.wake.countDown();
        HealthCheckResponse caughtUp = await(FOLLOWER, r -> r.getData().orElseThrow().get("lag").equals(0L));
        assertThat(caughtUp.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(caughtUp.getData().orElseThrow()).containsEntry("lag", 0L);
    }

    @Test
    void liveness_is_down_once_the_followers_threads_are_stopped() {
        container.getBeanManager().getEvent().select(Shutdown.class).fire(new Shutdown());

        HealthCheckResponse liveness = checks(Liveness.Literal.INSTANCE).get("eventsourcing-followers");
        assertThat(liveness.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(liveness.getData().orElseThrow()).containsExactly(Map.entry("WatchedDogs", false));
    }

    @Test
    void an_invalid_max_lag_fails_the_start_naming_the_key() {
        container.close();
        container = null;
        properties.put("eventsourcing.WatchedDogs.health.max-lag", "lots");

        assertThatThrownBy(this::startContainer).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("Cannot start @EventSourced projection " + WatchedDogs.class.getName())
                .hasMessageContaining("Invalid value 'lots' for eventsourcing.WatchedDogs.health.max-lag");
    }

    /** @return the readiness checks' responses, by name */
    final Map<String, HealthCheckResponse> readiness() {
        return checks(Readiness.Literal.INSTANCE);
    }

    private Map<String, HealthCheckResponse> checks(Annotation kind) {
        Map<String, HealthCheckResponse> responses = new TreeMap<>();
        for (HealthCheck check : container.select(HealthCheck.class, kind)) {
            HealthCheckResponse response = check.call();
            responses.put(response.getName(), response);
        }
        return responses;
    }

    /** @return the readiness check's response once it matches, within 10 s; the last one else */
    final HealthCheckResponse await(String name, Predicate<HealthCheckResponse> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HealthCheckResponse response = readiness().get(name);
        while (!condition.test(response) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            response = readiness().get(name);
        }
        return response;
    }

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }
}
