package io.eventsourcing.application;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.serialization.DecryptionException;
import io.eventsourcing.serialization.Mapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An application configured to compress and encrypt its events, as the Python library's README shows. */
class EncryptedApplicationTest {

    public static class Secret extends Aggregate {
        public record Written(String text) {
        }

        private String text;

        public Secret(String text) {
            trigger(new Written(text));
        }

        private Secret() {
        }

        @Apply
        void on(Written e) {
            text = e.text();
        }
    }

    /** Its cipher key is set, but empty, in the environment of the tests (core/pom.xml). */
    static class EnvApp extends Application {
    }

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210"
            .getBytes(StandardCharsets.US_ASCII));

    @Test
    void events_are_stored_compressed_and_encrypted_and_read_back() {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(
                StandardCharsets.US_ASCII));
        try (Application app = new Application(Map.of("eventsourcing.compressor", "zlib",
                "eventsourcing.cipher.key", key))) {
            Secret secret = new Secret("dinosaurs");
            app.save(secret);

            Secret copy = app.repository().get(secret.id());
            Notification stored = app.notificationLog().select(1, 1).get(0);

            assertThat(copy.text).isEqualTo("dinosaurs");
            assertThat(new String(stored.state(), StandardCharsets.ISO_8859_1)).doesNotContain("dinosaurs");
            assertThat(stored.originatorId()).isEqualTo(secret.id());
        }
    }

    @Test
    void snapshots_are_stored_compressed_and_encrypted_and_read_back() {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(
                StandardCharsets.US_ASCII));
        Mapper mapper = Mapper.create(Settings.of(Map.of("eventsourcing.compressor", "zlib",
                "eventsourcing.cipher.key", key)));
        try (Application app = new Application(Map.of("eventsourcing.compressor", "zlib",
                "eventsourcing.cipher.key", key, Settings.SNAPSHOTTING, "true"))) {
            Secret secret = new Secret("dinosaurs");
            app.save(secret);
            StoredEvent snapshot = mapper.toStoredSnapshot(secret);

            assertThat(new String(snapshot.state(), StandardCharsets.ISO_8859_1)).doesNotContain("dinosaurs");
            assertThat(((Secret) mapper.toAggregate(snapshot)).text).isEqualTo("dinosaurs");
            app.takeSnapshot(secret.id());
            assertThat(app.repository().<Secret>get(secret.id()).text).isEqualTo("dinosaurs");
        }
    }

    @Test
    void a_cipher_key_set_but_empty_fails_at_construction_naming_the_key() {
        for (String empty : List.of("", "  ")) {
            assertThatThrownBy(() -> new Application(Map.of(Settings.CIPHER_KEY, empty)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(Settings.CIPHER_KEY + " is set but empty")
                    .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo(Settings.CIPHER_KEY));
        }
        // MicroProfile Config (SmallRye here) reports an empty value as missing; the library looks at it anyway.
        System.setProperty(Settings.CIPHER_KEY, "");
        try {
            assertThatThrownBy(Application::new)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(Settings.CIPHER_KEY + " is set but empty");
        } finally {
            System.clearProperty(Settings.CIPHER_KEY);
        }
        assertThatThrownBy(EnvApp::new)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("eventsourcing.EnvApp.cipher.key is set but empty");
    }

    @Test
    void a_state_that_fails_decryption_is_refused_naming_the_aggregate_and_version() {
        Mapper mapper = Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, KEY)));
        Mapper otherKey = Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, OTHER_KEY)));
        Secret secret = new Secret("dinosaurs");
        StoredEvent event = mapper.toStoredEvent(secret.collectEvents().get(0));
        StoredEvent snapshot = mapper.toStoredSnapshot(secret);
        UnaryOperator<byte[]> changed = state -> {
            byte[] copy = state.clone();
            copy[copy.length / 2] ^= 1;
            return copy;
        };
        List<UnaryOperator<byte[]>> truncations = List.of(state -> Arrays.copyOf(state, state.length - 1),
                state -> Arrays.copyOf(state, 20));

        for (UnaryOperator<byte[]> damage : List.of(changed, truncations.get(0), truncations.get(1))) {
            assertDecryptionFails(() -> mapper.toDomainEvent(damaged(event, damage)), secret.id());
            assertDecryptionFails(() -> mapper.toAggregate(damaged(snapshot, damage)), secret.id());
        }
        assertDecryptionFails(() -> otherKey.toDomainEvent(event), secret.id());
        assertDecryptionFails(() -> otherKey.toAggregate(snapshot), secret.id());
    }

    private static StoredEvent damaged(StoredEvent stored, UnaryOperator<byte[]> damage) {
        return new StoredEvent(stored.originatorId(), stored.originatorVersion(), stored.topic(),
                damage.apply(stored.state()));
    }

    private static void assertDecryptionFails(Runnable read, UUID id) {
        assertThatThrownBy(read::run)
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("version 1 of aggregate " + id)
                .hasMessageContaining(Settings.CIPHER_KEY)
                .satisfies(e -> {
                    assertThat(((DecryptionException) e).originatorId()).isEqualTo(id);
                    assertThat(((DecryptionException) e).originatorVersion()).isEqualTo(1);
                });
    }
}
