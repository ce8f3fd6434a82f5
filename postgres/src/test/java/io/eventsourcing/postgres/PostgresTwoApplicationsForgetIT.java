package io.eventsourcing.postgres;

import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two applications over the same PostgreSQL store (two instances, as two nodes of a cluster, each with its own cache
 * of unwrapped data keys), one of which forgets a subject: what the other then reads of that subject's personal data.
 * Only the application that forgets evicts the key from its cache; the other one, if it had read the subject before,
 * reads it forgotten once its cached key expires ({@code eventsourcing.cipher.key-cache-millis}). One that had not,
 * or keeps no cache, reads it forgotten at once. {@link PostgresPersonalDataProcessesIT} does the first with forked
 * JVMs.
 */
class PostgresTwoApplicationsForgetIT {

    private static Map<String, String> keyed(Map<String, String> store, int cacheSize) {
        Map<String, String> settings = new HashMap<>(store);
        settings.put(Settings.CIPHER_KEY, Base64.getEncoder().encodeToString(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        settings.put(Settings.CIPHER_ENCRYPT_STATES, "false");
        settings.put(Settings.CIPHER_KEY_CACHE_SIZE, Integer.toString(cacheSize));
        settings.put(Settings.CIPHER_KEY_CACHE_MILLIS, "300");
        return settings;
    }

    @Test
    void the_other_application_that_read_the_subject_before_reads_it_forgotten_once_its_cached_key_expires()
            throws InterruptedException {
        Map<String, String> store = TestPostgres.settings();
        try (Club one = new Club(keyed(store, 1000)); Club other = new Club(keyed(store, 1000))) {
            UUID person = UUID.randomUUID();
            Member member = new Member(person, "Alice", "alice@example.org", "Croquet");
            one.save(member);
            assertThat(other.repository().<Member>get(member.id()).name()).isEqualTo("Alice");

            one.forget(person);
            // the forgetting application's own reader waits for its events to be numbered; the other's does not
            assertThat(one.notificationLog().select(1, 10)).hasSize(2);
            assertThat(one.repository().<Member>get(member.id()).name()).as("the one that forgot").isNull();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Member read = other.repository().get(member.id());
            while (read.name() != null) {
                assertThat(System.nanoTime()).as("forgotten within the cache's 300 ms").isLessThan(deadline);
                Thread.sleep(20);
                read = other.repository().get(member.id());
            }
            assertThat(read.email()).isEqualTo("(forgotten)");
            List<Notification> log = other.notificationLog().select(1, 10);
            assertThat(log).extracting(n -> other.eventStore().mapper().toDomainEvent(n.storedEvent()).payload())
                    .as("the other's log")
                    .containsExactly(new Member.Joined(person, null, "(forgotten)", "Croquet"),
                            new SubjectForgotten(person));
        }
    }

    @Test
    void the_other_application_that_had_not_read_the_subject_reads_it_forgotten() {
        Map<String, String> store = TestPostgres.settings();
        try (Club one = new Club(keyed(store, 1000)); Club other = new Club(keyed(store, 1000))) {
            UUID person = UUID.randomUUID();
            Member member = new Member(person, "Alice", "alice@example.org", "Croquet");
            one.save(member);

            one.forget(person);

            Member read = other.repository().get(member.id());
            assertThat(read.name()).isNull();
            assertThat(read.email()).isEqualTo("(forgotten)");
            assertThat(read.club()).isEqualTo("Croquet");
        }
    }

    @Test
    void the_other_application_without_a_key_cache_reads_it_forgotten_though_it_read_the_subject_before() {
        Map<String, String> store = TestPostgres.settings();
        try (Club one = new Club(keyed(store, 1000)); Club other = new Club(keyed(store, 0))) {
            UUID person = UUID.randomUUID();
            Member member = new Member(person, "Alice", "alice@example.org", "Croquet");
            one.save(member);
            assertThat(other.repository().<Member>get(member.id()).name()).isEqualTo("Alice");

            one.forget(person);

            Member read = other.repository().get(member.id());
            assertThat(read.name()).isNull();
            assertThat(read.email()).isEqualTo("(forgotten)");
        }
    }
}
