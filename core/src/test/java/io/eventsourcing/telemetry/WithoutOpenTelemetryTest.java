package io.eventsourcing.telemetry;

import io.eventsourcing.application.Application;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProjectionContext;
import io.eventsourcing.telemetry.TelemetryTest.Dog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Core with no OpenTelemetry class on the class path (run by its own surefire execution, which removes them): saves,
 * gets and followers work, untraced.
 */
class WithoutOpenTelemetryTest {

    static class DogSchool extends Application {
    }

    static class Registered extends Projection {
        int dogs;

        @Policy
        void on(Dog.Registered e, ProjectionContext context) {
            dogs++;
        }
    }

    @Test
    void an_application_and_a_projection_work_without_the_api() {
        assertThatThrownBy(() -> Class.forName("io.opentelemetry.api.OpenTelemetry"))
                .isInstanceOf(ClassNotFoundException.class);
        try (DogSchool school = new DogSchool(); Registered view = new Registered()) {
            Dog dog = new Dog("Fido");
            dog.addTrick("sit");
            school.save(dog);
            view.follow(school);

            assertThat(school.repository().<Dog>get(dog.id()).tricks).containsExactly("sit");
            assertThat(view.pullAndProcess("DogSchool")).isEqualTo(1);
            assertThat(view.dogs).isEqualTo(1);
        }
    }
}
