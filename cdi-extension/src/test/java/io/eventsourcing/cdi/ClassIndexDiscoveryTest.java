package io.eventsourcing.cdi;

import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * In annotated discovery mode Weld shows the extension only bean classes: applications and aggregates are found
 * through {@code META-INF/eventsourcing/*}, the index the annotation processor writes (by hand in these tests).
 */
class ClassIndexDiscoveryTest {

    @Test
    void an_application_listed_only_in_the_index_is_a_bean_in_annotated_discovery_mode() {
        Weld weld = WeldInitiator.createWeld().setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                .addBeanClasses(DogResource.class);
        try (WeldContainer container = weld.initialize()) {
            DogResource resource = container.select(DogResource.class).get();
            UUID dogId = resource.school.registerDog("Rex");

            assertThat(resource.dogs.<Dog>get(dogId).name()).isEqualTo("Rex");
        }
    }

    @Test
    void an_invalid_aggregate_listed_only_in_the_index_fails_the_deployment_in_annotated_discovery_mode(
            @TempDir Path dir) throws IOException {
        Path index = dir.resolve("META-INF/eventsourcing/aggregates");
        Files.createDirectories(index.getParent());
        Files.writeString(index, DeploymentValidationTest.NamelessDog.class.getName() + "\n");
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, original)) {
            Thread.currentThread().setContextClassLoader(loader);
            Weld weld = WeldInitiator.createWeld().setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                    .addBeanClasses(DogResource.class);

            Throwable failure = catchThrowable(() -> weld.initialize().close());

            assertThat(failure).hasMessageContaining(DeploymentValidationTest.NamelessDog.class.getName()
                    + " has no no-arg constructor");
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }
}
