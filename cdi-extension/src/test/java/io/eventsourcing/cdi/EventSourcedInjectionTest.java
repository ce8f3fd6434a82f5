package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.persistence.EventStore;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@EnableWeld
class EventSourcedInjectionTest {

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(DogResource.class, CatSchool.class).build();

    @Inject
    DogResource resource;

    @Inject
    DogSchool school;

    @Inject
    @Any
    Instance<Object> beans;

    @Test
    void an_application_is_one_instance_per_container() {
        assertThat(resource.school).isSameAs(school);
        assertThat(beans.select(DogSchool.class).get()).isSameAs(school);
    }

    @Test
    void the_repository_event_store_and_notification_log_of_an_application_are_injected_with_its_qualifier() {
        assertThat(resource.dogs).isSameAs(school.repository());
        assertThat(resource.events).isSameAs(school.eventStore());
        assertThat(resource.log).isSameAs(school.notificationLog());
    }

    @Test
    void an_application_is_also_selected_by_its_qualifier_as_an_application() {
        Application selected = beans.select(Application.class, EventSourced.Literal.of(DogSchool.class)).get();

        assertThat(selected).isSameAs(school);
    }

    @Test
    void each_application_has_its_own_parts() {
        CatSchool cats = beans.select(CatSchool.class).get();
        NotificationLog catLog = beans.select(NotificationLog.class, EventSourced.Literal.of(CatSchool.class)).get();
        Repository catRepository = beans.select(Repository.class, EventSourced.Literal.of(CatSchool.class)).get();
        EventStore catEvents = beans.select(EventStore.class, EventSourced.Literal.of(CatSchool.class)).get();

        assertThat(catLog).isSameAs(cats.notificationLog()).isNotSameAs(resource.log);
        assertThat(catRepository).isSameAs(cats.repository()).isNotSameAs(resource.dogs);
        assertThat(catEvents).isSameAs(cats.eventStore()).isNotSameAs(resource.events);
    }

    @Test
    void a_dog_saved_by_the_injected_application_is_in_the_injected_repository_and_log() {
        UUID dogId = school.registerDog("Fido");
        school.addTrick(dogId, "roll over");

        Dog dog = resource.dogs.get(dogId);
        assertThat(dog.name()).isEqualTo("Fido");
        assertThat(dog.tricks()).containsExactly("roll over");
        assertThat(resource.log.select(1, 10)).extracting(n -> n.topic())
                .containsExactly(Dog.Registered.class.getName(), Dog.TrickAdded.class.getName());
    }
}
