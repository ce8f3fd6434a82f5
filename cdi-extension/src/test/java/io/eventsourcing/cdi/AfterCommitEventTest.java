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
 * When {@link EventsStored} fires for an application in memory, with Narayana's CDI integration (its portable
 * extension, in narayana-jta) running the @Transactional methods of {@link Kennel}. Memory joins no transaction: a
 * save is stored when it returns, whatever the transaction does afterwards, and the event fires then. Over a
 * database, whose recorders join the transaction, it fires after the commit and never for a rollback
 * ({@link DogSchoolInTransactionsContract}).
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
    void in_memory_the_event_fires_once_per_save_when_the_save_returns_even_in_a_transaction() {
        int seenBeforeCommit = kennel.registerTwo("Fido", "Rex");

        assertThat(seenBeforeCommit).isEqualTo(2);
        assertThat(observer.dogSchool()).hasSize(2);
        assertThat(observer.dogSchool()).allSatisfy(stored -> {
            assertThat(stored.application()).isEqualTo(DogSchool.class);
            assertThat(stored.events()).extracting(StoredEvent::topic).containsExactly(Dog.Registered.class.getName());
        });
    }

    @Test
    void in_memory_a_save_in_a_transaction_that_rolls_back_stays_stored_and_the_event_tells_it() {
        assertThatThrownBy(() -> kennel.registerAndFail("Fido")).hasMessage("the kennel is full");

        assertThat(school.notificationLog().maxNotificationId()).isEqualTo(1);
        assertThat(observer.dogSchool()).hasSize(1);
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
