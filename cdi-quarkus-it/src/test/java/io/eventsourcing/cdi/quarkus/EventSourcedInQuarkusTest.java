package io.eventsourcing.cdi.quarkus;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class EventSourcedInQuarkusTest {

    @Inject
    Kennel kennel;

    @Inject
    DogSchool school;

    @BeforeEach
    void forget() {
        kennel.forget();
    }

    @Test
    void arc_discovers_the_application_and_injects_it_and_its_parts() {
        assertThat(kennel.school()).isSameAs(school);
        assertThat(kennel.dogs()).isSameAs(school.repository());
        assertThat(kennel.log()).isSameAs(school.notificationLog());
    }

    @Test
    void the_application_reads_its_own_keys_from_application_properties() {
        assertThat(school.settings().get("eventsourcing.greeting")).contains("woof");
    }

    @Test
    void a_committed_transaction_reports_what_it_stored() {
        UUID dogId = kennel.register("Fido");

        assertThat(kennel.dogs().<Dog>get(dogId).name()).isEqualTo("Fido");
        assertThat(kennel.stored()).singleElement()
                .satisfies(s -> assertThat(s.events().get(0).originatorId()).isEqualTo(dogId));
    }

    @Test
    void a_transaction_that_rolls_back_reports_nothing() {
        assertThatThrownBy(() -> kennel.registerAndFail("Rex")).hasMessage("the kennel is full");

        assertThat(kennel.stored()).isEmpty();
    }
}
