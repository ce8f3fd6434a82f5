package io.eventsourcing.cdi;

import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extension without MicroProfile Health on the class path (the unit tests run without it; see the pom): the
 * container starts and runs the applications and followers, with no health check.
 */
class WithoutHealthTest {

    @Test
    void the_extension_runs_applications_and_followers_without_microprofile_health() throws Exception {
        assertThatThrownBy(() -> Class.forName("org.eclipse.microprofile.health.HealthCheck"))
                .isInstanceOf(ClassNotFoundException.class);
        try (WeldContainer container = WeldInitiator.createWeld().addBeanClasses(WatchedDogs.class).initialize()) {
            UUID id = container.select(DogSchool.class).get().registerDog("Fido");

            assertThat(container.select(DogSchool.class).get().getDog(id).name()).isEqualTo("Fido");
            WatchedDogs view = container.select(WatchedDogs.class).get();
            view.waitFor("DogSchool", 1, Duration.ofSeconds(10));
            assertThat(view.names()).containsExactly("Fido");
        }
    }
}
