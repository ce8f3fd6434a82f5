package io.eventsourcing.sqlite;

import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;
import io.eventsourcing.persistence.tck.PersonalDataConformance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.eventsourcing.jdbc.testing.TestJta.TM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The personal data suite on SQLite with {@code eventsourcing.persistence=datasource} (an Agroal DataSource enlisting
 * in Narayana's JTA transactions, and the transaction synchronization registry, in JNDI as in a Jakarta EE
 * container); plus data keys written or deleted in the container's JTA transaction, which roll back with it.
 */
class SqliteDataSourcePersonalDataIT extends PersonalDataConformance {

    private static final String NAME = "java:comp/env/jdbc/SqlitePersonalDataTest";
    private SqliteContainerDataSource container;

    @BeforeEach
    void bindDataSource() {
        container = SqliteContainerDataSource.bind(NAME);
    }

    @AfterEach
    void unbindDataSource() {
        container.close();
    }

    @Override
    protected Map<String, String> settings() {
        return container.settings();
    }

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

    private static DataKeyRecorder keys(Club club) {
        return (DataKeyRecorder) club.eventStore().recorder();
    }
}
