package io.eventsourcing.cdi;

import com.arjuna.ats.jta.cdi.TransactionExtension;
import io.eventsourcing.persistence.StoredEvent;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Narayana's CDI integration (its portable extension, in narayana-jta) runs the @Transactional methods of
 * {@link Kennel} and offers the TransactionSynchronizationRegistry the extension registers with. Persistence is in
 * memory, which does not join transactions: these tests are about when the event fires, not about what is stored.
 */
@EnableWeld
class AfterCommitEventTest {

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld().addExtension(new TransactionExtension())
            .addBeanClasses(Kennel.class, StoredEventsObserver.class, CatSchool.class)).build();

    @Inject
    Kennel kennel;

    @Inject
    DogSchool school;

    @Inject
    StoredEventsObserver observer;

    @Test
    void the_event_fires_after_the_transaction_commits_once_per_save() {
        int seenBeforeCommit = kennel.registerTwo("Fido", "Rex");

        assertThat(seenBeforeCommit).isZero();
        assertThat(observer.dogSchool()).hasSize(2);
        assertThat(observer.dogSchool()).allSatisfy(stored -> {
            assertThat(stored.application()).isEqualTo(DogSchool.class);
            assertThat(stored.events()).extracting(StoredEvent::topic).containsExactly(Dog.Registered.class.getName());
        });
    }

    @Test
    void the_event_does_not_fire_for_a_transaction_that_rolls_back() {
        assertThatThrownBy(() -> kennel.registerAndFail("Fido")).hasMessage("the kennel is full");

        assertThat(observer.dogSchool()).isEmpty();
    }

    @Test
    void without_a_transaction_the_event_fires_when_the_save_returns() {
        UUID dogId = school.registerDog("Fido");

        assertThat(observer.dogSchool()).singleElement().satisfies(stored ->
                assertThat(stored.events()).extracting(StoredEvent::originatorId).containsExactly(dogId));
    }

    @Test
    void an_observer_of_another_application_is_not_told() {
        school.registerDog("Fido");

        assertThat(observer.catSchool()).isEmpty();
    }
}
