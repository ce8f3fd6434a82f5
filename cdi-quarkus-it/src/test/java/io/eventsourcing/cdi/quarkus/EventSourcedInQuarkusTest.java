package io.eventsourcing.cdi.quarkus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dog school on Quarkus's Agroal DataSource (PostgreSQL) and Narayana transactions, with no glue code. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class EventSourcedInQuarkusTest {

    @Inject
    Kennel kennel;

    @Inject
    DogSchool school;

    @Inject
    Registrations registrations;

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
    void an_application_nothing_injects_is_kept_and_started_with_the_others() {
        // A programmatic lookup does not count as a use: ArC would have removed the bean but for the extension.
        assertThat(CDI.current().select(CatSchool.class).get().notificationLog().maxNotificationId()).isZero();
    }

    @Test
    void the_application_reads_its_own_keys_from_application_properties() {
        assertThat(school.settings().get("eventsourcing.greeting")).contains("woof");
    }

    @Test
    void a_committed_transaction_stores_the_events_and_the_users_row_and_reports_them() {
        long before = kennel.log().maxNotificationId();
        UUID dogId = kennel.register("Fido");

        assertThat(kennel.dogs().<Dog>get(dogId).name()).isEqualTo("Fido");
        assertThat(kennel.log().maxNotificationId()).isEqualTo(before + 1);
        assertThat(kennel.notes()).contains("Fido");
        assertThat(kennel.stored()).singleElement()
                .satisfies(s -> assertThat(s.events().get(0).originatorId()).isEqualTo(dogId));
    }

    @Test
    void a_transaction_that_rolls_back_stores_nothing_and_reports_nothing() {
        long before = kennel.log().maxNotificationId();

        assertThatThrownBy(() -> kennel.registerAndFail("Rex")).hasMessage("the kennel is full");

        assertThat(kennel.log().maxNotificationId()).isEqualTo(before);
        assertThat(kennel.notes()).doesNotContain("Rex");
        assertThat(kennel.stored()).isEmpty();
    }

    @Test
    void a_follower_processes_committed_saves_and_never_a_rolled_back_one() throws InterruptedException {
        kennel.register("Bella");
        assertThatThrownBy(() -> kennel.registerAndFail("Ghost")).hasMessage("the kennel is full");
        kennel.register("Max");

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!registrations.names().contains("Max") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registrations.names()).containsSubsequence("Bella", "Max").doesNotContain("Ghost");
        assertThat(registrations.position("DogSchool")).isEqualTo(school.notificationLog().maxNotificationId());
    }
}
