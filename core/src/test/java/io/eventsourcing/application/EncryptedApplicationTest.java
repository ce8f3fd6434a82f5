package io.eventsourcing.application;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.persistence.Mapper;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.Settings;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
                "eventsourcing.cipher.key", key, Application.SNAPSHOTTING, "true"))) {
            Secret secret = new Secret("dinosaurs");
            app.save(secret);
            StoredEvent snapshot = mapper.toStoredSnapshot(secret);

            assertThat(new String(snapshot.state(), StandardCharsets.ISO_8859_1)).doesNotContain("dinosaurs");
            assertThat(((Secret) mapper.toAggregate(snapshot)).text).isEqualTo("dinosaurs");
            app.takeSnapshot(secret.id());
            assertThat(app.repository().<Secret>get(secret.id()).text).isEqualTo("dinosaurs");
        }
    }
}
