package io.eventsourcing.cdi;

import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.domain.internal.ClassIndex;
import io.eventsourcing.persistence.EventStore;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment as a user makes it: a bean archive in annotated discovery mode with the extension's jar contents,
 * an application and an aggregate that are not beans (found through the class index), and a user's bean.
 */
@ExtendWith(ArquillianExtension.class)
class EventSourcedArquillianIT {

    @Deployment
    static JavaArchive deployment() {
        return ShrinkWrap.create(JavaArchive.class)
                .addPackage(EventSourced.class.getPackage().getName() + ".internal")
                .addClasses(EventSourced.class, EventSourced.Literal.class, EventSourcingExtension.class)
                .addAsServiceProvider(BuildCompatibleExtension.class, EventSourcingExtension.class)
                .addClasses(DogResource.class, DogSchool.class, Dog.class, Dog.Registered.class,
                        Dog.TrickAdded.class, Dog.Trick.class)
                .addAsResource(new StringAsset(DogSchool.class.getName() + "\n"), ClassIndex.APPLICATIONS)
                .addAsResource(new StringAsset(Dog.class.getName() + "\n"), ClassIndex.AGGREGATES)
                .addAsManifestResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                        + " version=\"4.0\" bean-discovery-mode=\"annotated\"/>"), "beans.xml");
    }

    @Inject
    DogResource resource;

    @Inject
    DogSchool school;

    @Inject
    @EventSourced(DogSchool.class)
    Repository dogs;

    @Inject
    @EventSourced(DogSchool.class)
    EventStore events;

    @Inject
    @EventSourced(DogSchool.class)
    NotificationLog log;

    @Test
    void the_application_and_its_parts_are_injected() {
        assertThat(resource.school).isSameAs(school);
        assertThat(dogs).isSameAs(school.repository());
        assertThat(events).isSameAs(school.eventStore());
        assertThat(log).isSameAs(school.notificationLog());
    }

    @Test
    void the_application_is_configured_from_microprofile_config_with_its_own_keys() {
        assertThat(school.settings().get("eventsourcing.greeting")).contains("woof");
        assertThat(school.settings().get("eventsourcing.persistence")).contains("memory");
    }

    @Test
    void a_registered_dog_is_in_the_repository_and_the_log() {
        long before = log.maxNotificationId();
        UUID dogId = school.registerDog("Fido");
        school.addTrick(dogId, "sit");

        assertThat(dogs.<Dog>get(dogId).tricks()).containsExactly("sit");
        assertThat(log.maxNotificationId()).isEqualTo(before + 2);
    }
}
