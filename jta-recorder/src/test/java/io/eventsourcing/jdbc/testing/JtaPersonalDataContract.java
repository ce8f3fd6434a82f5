package io.eventsourcing.jdbc.testing;

import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;
import io.eventsourcing.persistence.tck.PersonalDataConformance;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.eventsourcing.jdbc.testing.TestJta.TM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The personal data suite through the container's DataSource ({@code eventsourcing.persistence=datasource}), plus
 * data keys made, deleted or wrapped anew in the container's JTA transaction, which roll back with it. Each
 * database's DataSource suite extends it and supplies the settings of its DataSource.
 */
public abstract class JtaPersonalDataContract extends PersonalDataConformance {

    private Map<String, String> keyed() {
        Map<String, String> settings = settings();
        settings.put(Settings.CIPHER_KEY, Base64.getEncoder().encodeToString(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        return settings;
    }

    @Test
    void a_key_made_in_a_container_transaction_rolls_back_with_it() throws Exception {
        try (Club club = new Club(keyed())) {
            UUID person = UUID.randomUUID();
            TM.begin();
            try {
                club.save(new Member(person, "Alice", "alice@example.org", "Croquet"));
                assertThat(keys(club).selectDataKey(person)).as("seen in its own transaction").isPresent();
            } finally {
                TM.rollback();
            }

            assertThat(keys(club).selectDataKey(person)).isEmpty();
            assertThat(club.notificationLog().maxNotificationId()).isZero();
        }
    }

    @Test
    void a_forgetting_in_a_container_transaction_that_rolls_back_keeps_the_key() throws Exception {
        try (Club club = new Club(keyed())) {
            UUID person = UUID.randomUUID();
            Member member = new Member(person, "Alice", "alice@example.org", "Croquet");
            club.save(member);
            byte[] wrapped = keys(club).selectDataKey(person).orElseThrow();
            TM.begin();
            try {
                club.forget(person);
                assertThat(keys(club).selectDataKey(person)).as("deleted in its own transaction").isEmpty();
            } finally {
                TM.rollback();
            }

            assertThat(keys(club).selectDataKey(person)).hasValueSatisfying(
                    key -> assertThat(key).as("the same key").containsExactly(wrapped));
            assertThat(club.notificationLog().maxNotificationId()).as("no SubjectForgotten event").isEqualTo(1);
            Member read = club.repository().get(member.id());
            assertThat(read.name()).isEqualTo("Alice");
            assertThat(read.email()).isEqualTo("alice@example.org");
        }
    }

    @Test
    void a_forgetting_in_a_container_transaction_that_commits_forgets() throws Exception {
        try (Club club = new Club(keyed())) {
            UUID person = UUID.randomUUID();
            Member member = new Member(person, "Alice", "alice@example.org", "Croquet");
            club.save(member);
            TM.begin();
            try {
                club.forget(person);
            } catch (RuntimeException e) {
                TM.rollback();
                throw e;
            }
            TM.commit();

            assertThat(keys(club).selectDataKey(person)).isEmpty();
            assertThat(club.repository().<Member>get(member.id()).name()).isNull();
        }
    }

    @Test
    void keys_wrapped_anew_in_a_container_transaction_that_rolls_back_stay_as_they_were() throws Exception {
        Map<String, String> old = keyed();
        UUID person = UUID.randomUUID();
        Member member = new Member(person, "Alice", "alice@example.org", "Croquet");
        byte[] before;
        try (Club club = new Club(old)) {
            club.save(member);
            before = keys(club).selectDataKey(person).orElseThrow();
        }
        Map<String, String> rotating = new HashMap<>(old);
        rotating.put(Settings.CIPHER_KEY, Base64.getEncoder().encodeToString(
                "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII)));
        rotating.put(Settings.CIPHER_PREVIOUS_KEYS, old.get(Settings.CIPHER_KEY));
        try (Club club = new Club(rotating)) {
            TM.begin();
            try {
                assertThat(club.rewrapDataKeys()).isEqualTo(1);
            } finally {
                TM.rollback();
            }
            assertThat(keys(club).selectDataKey(person)).get().isEqualTo(before);

            assertThat(club.rewrapDataKeys()).isEqualTo(1);
            assertThat(keys(club).selectDataKey(person)).get().isNotEqualTo(before);
            assertThat(club.repository().<Member>get(member.id()).name()).isEqualTo("Alice");
        }
    }

    private static DataKeyRecorder keys(Club club) {
        return (DataKeyRecorder) club.eventStore().recorder();
    }
}
