package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.Notification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data in an application, whatever stores it: {@code @PersonalData} is stored sealed with its subject's
 * data key, which the backend keeps beside the events; {@code forget} deletes the key, after which every event still
 * reads, without that subject's personal data, and snapshots that held it are no longer used. Each test runs twice:
 * with the master key wrapping the data keys only ({@code encrypt-states=false}: the personal data is sealed in the
 * JSON), and encrypting the states whole as well (the default: the personal data is sealed before the JSON). Every
 * backend whose recorders keep data keys extends this suite and supplies settings for an empty store.
 */
public abstract class PersonalDataConformance {

    private static final byte[] MASTER_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY = Base64.getEncoder().encodeToString(MASTER_KEY);

    /** @return settings that make an application over a fresh, empty store */
    protected abstract Map<String, String> settings();

    /**
     * @param encryptStates whether the master key encrypts the states whole too, else only wraps the data keys (the
     *                      states are plain JSON but for the personal data)
     */
    private Map<String, String> keyed(boolean encryptStates, boolean snapshotting) {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(Settings.CIPHER_KEY, KEY);
        settings.put(Settings.CIPHER_ENCRYPT_STATES, Boolean.toString(encryptStates));
        settings.put(Settings.SNAPSHOTTING, Boolean.toString(snapshotting));
        return settings;
    }

    @ParameterizedTest(name = "encrypt-states={0}")
    @ValueSource(booleans = {false, true})
    void personal_data_reads_back_and_is_stored_only_sealed(boolean encryptStates) {
        try (Club club = new Club(keyed(encryptStates, false))) {
            UUID alice = UUID.randomUUID();
            Member member = new Member(alice, "Alice Liddell", "alice@example.org", "Croquet");
            member.note("plays with flamingos");
            club.save(member);

            Member copy = club.repository().get(member.id());

            assertThat(copy.name()).isEqualTo("Alice Liddell");
            assertThat(copy.email()).isEqualTo("alice@example.org");
            assertThat(copy.note()).isEqualTo("plays with flamingos");
            assertThat(states(club, encryptStates)).doesNotContain("Alice", "example.org", "flamingos")
                    .contains("\"club\":\"Croquet\"", alice.toString());
            if (encryptStates) {
                assertThat(states(club, false)).as("encrypted whole").doesNotContain("Croquet", alice.toString());
                List<byte[]> decrypted = club.notificationLog().select(1, 10).stream()
                        .map(n -> decrypt(n.state())).toList();
                assertThat(decrypted).hasSize(2).allSatisfy(state -> assertThat(state[0])
                        .as("the personal data sealed before the JSON").isZero());
                assertThat(decrypted.get(0)[21]).as("a subject other than the aggregate follows")
                        .isEqualTo((byte) 1);
                ByteBuffer subject = ByteBuffer.wrap(decrypted.get(0), 22, 16);
                assertThat(new UUID(subject.getLong(), subject.getLong())).isEqualTo(alice);
                assertThat(decrypted.get(1)[21]).as("the membership is the subject").isZero();
                assertThat(states(club, true)).doesNotContain("$personal");
            } else {
                assertThat(states(club, false)).contains("\"$personal\":\"");
            }
        }
    }

    @ParameterizedTest(name = "encrypt-states={0}")
    @ValueSource(booleans = {false, true})
    void forgetting_a_subject_leaves_every_event_readable_without_its_personal_data(boolean encryptStates) {
        try (Club club = new Club(keyed(encryptStates, false))) {
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            Member alices = new Member(alice, "Alice", "alice@example.org", "Croquet");
            alices.note("plays with flamingos");
            Member bobs = new Member(bob, "Bob", "bob@example.org", "Chess");
            club.save(alices, bobs);

            club.forget(alice);

            Member forgotten = club.repository().get(alices.id());
            assertThat(forgotten.name()).isNull();
            assertThat(forgotten.email()).isEqualTo("(forgotten)");
            assertThat(forgotten.club()).isEqualTo("Croquet");
            assertThat(forgotten.note()).as("its subject is the membership").isEqualTo("plays with flamingos");
            Member kept = club.repository().get(bobs.id());
            assertThat(kept.name()).isEqualTo("Bob");
            assertThat(kept.email()).isEqualTo("bob@example.org");
            List<Notification> log = club.notificationLog().select(1, 10);
            assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(log).extracting(n -> club.eventStore().mapper().toDomainEvent(n.storedEvent()).payload())
                    .containsExactly(new Member.Joined(alice, null, "(forgotten)", "Croquet"),
                            new Member.Noted("plays with flamingos"),
                            new Member.Joined(bob, "Bob", "bob@example.org", "Chess"),
                            new SubjectForgotten(alice));
        }
    }

    @ParameterizedTest(name = "encrypt-states={0}")
    @ValueSource(booleans = {false, true})
    void personal_data_saved_after_forgetting_gets_a_new_key(boolean encryptStates) {
        try (Club club = new Club(keyed(encryptStates, false))) {
            UUID alice = UUID.randomUUID();
            club.save(new Member(alice, "Alice", "alice@example.org", "Croquet"));
            club.forget(alice);
            club.forget(alice);

            Member again = new Member(alice, "Alice", "alice@example.net", "Chess");
            club.save(again);

            assertThat(club.repository().<Member>get(again.id()).email()).isEqualTo("alice@example.net");
            assertThat(club.notificationLog().select(1, 10)).extracting(Notification::topic).containsExactly(
                    Member.Joined.class.getName(), SubjectForgotten.class.getName(),
                    SubjectForgotten.class.getName(), Member.Joined.class.getName());
        }
    }

    @ParameterizedTest(name = "encrypt-states={0}")
    @ValueSource(booleans = {false, true})
    void a_snapshot_that_holds_personal_data_is_used_until_its_subject_is_forgotten(boolean encryptStates) {
        try (Club club = new Club(keyed(encryptStates, true))) {
            UUID alice = UUID.randomUUID();
            Member member = new Member(alice, "Alice", "alice@example.org", "Croquet");
            club.save(member);
            club.takeSnapshot(member.id());
            member.note("plays with flamingos");
            club.save(member);

            Member fromSnapshot = club.repository().get(member.id());
            assertThat(fromSnapshot.applied()).as("the event after the snapshot").isEqualTo(1);
            assertThat(fromSnapshot.name()).isEqualTo("Alice");

            club.forget(alice);

            Member fromEvents = club.repository().get(member.id());
            assertThat(fromEvents.applied()).as("every event: the snapshot is unreadable").isEqualTo(2);
            assertThat(fromEvents.name()).isNull();
            assertThat(fromEvents.note()).isEqualTo("plays with flamingos");
            club.takeSnapshot(member.id());
            assertThat(club.repository().<Member>get(member.id()).applied()).as("a new snapshot").isZero();
        }
    }

    @ParameterizedTest(name = "encrypt-states={0}")
    @ValueSource(booleans = {false, true})
    void a_projection_deletes_what_it_derived_of_a_forgotten_subject_and_rebuilt_from_the_log_holds_nothing_of_it(
            boolean encryptStates) {
        Map<String, String> settings = keyed(encryptStates, false);
        try (Club club = new Club(settings); Roster roster = new Roster(settings,
                "roster_" + Long.toHexString(System.nanoTime()))) {
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            club.save(new Member(alice, "Alice", "alice@example.org", "Croquet"),
                    new Member(bob, "Bob", "bob@example.org", "Chess"));
            roster.follow(club);
            roster.pullAndProcess("Club");
            assertThat(roster.names()).containsOnly(Map.entry(alice.toString(), "Alice"),
                    Map.entry(bob.toString(), "Bob"));

            club.forget(alice);
            roster.pullAndProcess("Club");
            assertThat(roster.names()).containsOnly(Map.entry(bob.toString(), "Bob"));

            assertThat(roster.rebuild()).as("every notification again").isEqualTo(3);
            assertThat(roster.names()).containsOnly(Map.entry(bob.toString(), "Bob"));
        }
    }

    /**
     * @param decrypted whether to decrypt the states with the master key first
     * @return every stored state of the application, as text (ISO-8859-1: a decrypted state may start with bytes)
     */
    private static String states(Club club, boolean decrypted) {
        StringBuilder text = new StringBuilder();
        for (Notification n : club.notificationLog().select(1, 100)) {
            text.append(new String(decrypted ? decrypt(n.state()) : n.state(), StandardCharsets.ISO_8859_1))
                    .append('\n');
        }
        return text.toString();
    }

    /** @return a state that the master key encrypted whole, decrypted: AES-GCM after a 12-byte nonce */
    private static byte[] decrypt(byte[] state) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(MASTER_KEY, "AES"),
                    new GCMParameterSpec(128, Arrays.copyOf(state, 12)));
            return cipher.doFinal(state, 12, state.length - 12);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("a state not encrypted whole with the master key: " + e.getMessage(), e);
        }
    }
}
