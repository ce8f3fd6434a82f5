package io.eventsourcing.cdi;

import io.eventsourcing.system.Projection;
import jakarta.enterprise.inject.Any;
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
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An {@code @EventSourced @Follows} projection in Weld SE, in memory: a bean the container creates at start, runs on
 * its threads after each committed save of what it follows, and closes at shutdown.
 */
class ProjectionTest {

    @Test
    void a_projection_is_a_bean_that_processes_what_the_followed_application_saves() throws Exception {
        try (WeldContainer container = WeldInitiator.createWeld().addBeanClasses(DogNames.class).initialize()) {
            DogNames view = container.select(DogNames.class).get();
            DogSchool school = container.select(DogSchool.class).get();

            school.registerDog("Fido");
            school.registerDog("Rex");
            view.waitFor("DogSchool", school.notificationLog().maxNotificationId(), Duration.ofSeconds(30));

            assertThat(view.names()).containsExactly("Fido", "Rex");
            assertThat(view.position("DogSchool")).isEqualTo(2);
        }
    }

    @Test
    void a_projection_is_one_instance_injected_by_its_class_its_interfaces_and_as_a_projection() {
        try (WeldContainer container = WeldInitiator.createWeld().addBeanClasses(DogNames.class).initialize()) {
            DogNames view = container.select(DogNames.class).get();

            assertThat(container.select(NameList.class).get()).isSameAs(view);
            assertThat(container.select(Projection.class, Any.Literal.INSTANCE).get()).isSameAs(view);
        }
    }

    @Test
    void waiting_for_what_is_not_processed_times_out_naming_the_projection_and_the_position() {
        try (WeldContainer container = WeldInitiator.createWeld().addBeanClasses(DogNames.class).initialize()) {
            NameList view = container.select(NameList.class).get();

            assertThatThrownBy(() -> view.waitFor("DogSchool", 5, Duration.ofMillis(50)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("DogNames has not processed notification 5 of DogSchool")
                    .hasMessageContaining("it reached notification 0");
        }
    }

    @Test
    void the_container_closes_its_projections_when_it_shuts_down() {
        DogNames view;
        try (WeldContainer container = WeldInitiator.createWeld().addBeanClasses(DogNames.class).initialize()) {
            view = container.select(DogNames.class).get();
        }

        assertThatThrownBy(view::names).hasMessage("Projection DogNames is closed");
    }

    @Test
    void a_projection_listed_only_in_the_index_runs_in_annotated_discovery_mode(@TempDir Path dir) throws Exception {
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{index(dir, DogNames.class)}, original)) {
            Thread.currentThread().setContextClassLoader(loader);
            Weld weld = WeldInitiator.createWeld().setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                    .addBeanClasses(DogResource.class);
            try (WeldContainer container = weld.initialize()) {
                DogResource resource = container.select(DogResource.class).get();
                NameList view = container.select(NameList.class).get();

                resource.school.registerDog("Rex");
                view.waitFor("DogSchool", 1, Duration.ofSeconds(30));

                assertThat(view.names()).containsExactly("Rex");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }

    /** @return a directory whose {@code META-INF/eventsourcing/projections} lists the class */
    static URL index(Path dir, Class<?> projection) throws IOException {
        Path index = dir.resolve("META-INF/eventsourcing/projections");
        Files.createDirectories(index.getParent());
        Files.writeString(index, projection.getName() + "\n");
        return dir.toUri().toURL();
    }
}
