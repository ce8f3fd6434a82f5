package io.eventsourcing.serialization;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapperTest {

    public enum Colour { RED, GREEN }

    public record Inner(String name, List<Integer> numbers) {
    }

    public record Everything(String text, long big, int small, double ratio, float f, boolean flag, UUID ref, Instant at,
                      LocalDate day, BigDecimal amount, Colour colour, List<String> tags, Set<String> labels,
                      Map<String, Long> counts, Inner inner, List<Inner> inners, String nothing) {
    }

    private final Mapper mapper = new Mapper();

    private static Everything everything() {
        return new Everything("h\u00e9llo \"w\u00f6rld\"\n\t\\", Long.MIN_VALUE, 42, 3.141592653589793, 1.5f, true,
                UUID.randomUUID(), Instant.parse("2026-11-25T10:15:30.123456Z"), LocalDate.of(2024, 2, 29),
                new BigDecimal("-0.000123456789012345678901234567890"), Colour.GREEN, List.of("x", "y", "x"),
                Set.of("a", "b"), Map.of("one", 1L, "two", 2L), new Inner("in", List.of(1, 2)),
                List.of(new Inner("a", List.of()), new Inner("b", List.of(3))), null);
    }

    @Test
    void a_record_with_every_supported_kind_of_value_round_trips() {
        DomainEvent event = new DomainEvent(UUID.randomUUID(), 7, Instant.now(), null, everything());

        StoredEvent stored = mapper.toStoredEvent(event);

        assertThat(stored.topic()).isEqualTo(Everything.class.getName());
        assertThat(stored.originatorVersion()).isEqualTo(7);
        assertThat(mapper.toDomainEvent(stored)).isEqualTo(event);
    }

    @Test
    void the_first_event_keeps_the_aggregate_topic() {
        DomainEvent event = new DomainEvent(UUID.randomUUID(), 1, Instant.now(), "com.example.Dog",
                new Inner("Fido", List.of()));

        DomainEvent back = mapper.toDomainEvent(mapper.toStoredEvent(event));

        assertThat(back).isEqualTo(event);
        assertThat(new String(mapper.toStoredEvent(event).state(), StandardCharsets.UTF_8))
                .startsWith("{\"timestamp\":\"")
                .contains("\"originatorTopic\":\"com.example.Dog\"")
                .contains("\"payload\":{");
    }

    @Test
    void state_written_with_other_key_order_or_spacing_is_read_too() {
        UUID id = UUID.randomUUID();
        byte[] state = ("{ \"payload\" : {\"name\":\"Rex\",\"numbers\":[4]}, \"originatorTopic\":\"com.example.Dog\","
                + " \"timestamp\":\"2026-01-02T03:04:05Z\" }").getBytes(StandardCharsets.UTF_8);

        DomainEvent event = mapper.toDomainEvent(new StoredEvent(id, 1, Inner.class.getName(), state));

        assertThat(event.payload()).isEqualTo(new Inner("Rex", List.of(4)));
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(event.originatorTopic()).isEqualTo("com.example.Dog");
    }

    @Test
    void unpaired_surrogates_are_written_as_escapes_and_read_back_exactly_in_any_key_order() {
        Inner lone = new Inner("x\uD800y \uDFFF, a pair \uD83D\uDE00", List.of());
        StoredEvent stored = mapper.toStoredEvent(new DomainEvent(UUID.randomUUID(), 1, Instant.now(), null, lone));

        assertThat(new String(stored.state(), StandardCharsets.UTF_8))
                .contains("\"x\\ud800y \\udfff, a pair \uD83D\uDE00\"");
        assertThat(mapper.toDomainEvent(stored).payload()).isEqualTo(lone);
        byte[] otherOrder = ("{\"payload\":{\"name\":\"x\\ud800y\",\"numbers\":[]},"
                + "\"timestamp\":\"2026-01-02T03:04:05Z\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(mapper.toDomainEvent(new StoredEvent(UUID.randomUUID(), 1, Inner.class.getName(), otherOrder))
                .payload()).isEqualTo(new Inner("x\uD800y", List.of()));
    }

    @Test
    void an_unknown_topic_names_the_topic_the_aggregate_and_the_version() {
        UUID id = UUID.randomUUID();
        StoredEvent stored = new StoredEvent(id, 3, "com.example.Renamed", new byte[]{'{', '}'});

        assertThatThrownBy(() -> mapper.toDomainEvent(stored))
                .isInstanceOf(UnknownTopicException.class)
                .hasMessageContaining("com.example.Renamed")
                .hasMessageContaining(id.toString())
                .hasMessageContaining("version 3");
    }

    @Test
    void state_that_is_not_json_names_the_aggregate_and_version() {
        UUID id = UUID.randomUUID();
        StoredEvent stored = new StoredEvent(id, 2, Inner.class.getName(), "not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> mapper.toDomainEvent(stored))
                .hasMessageContaining(id.toString())
                .hasMessageContaining("version 2")
                .hasMessageContaining("check " + Settings.COMPRESSOR + " and " + Settings.CIPHER_KEY);
    }

    @Test
    void stored_events_compare_by_content() {
        UUID id = UUID.randomUUID();
        StoredEvent event = new StoredEvent(id, 1, "t", new byte[]{1, 2, 3});

        assertThat(event).isEqualTo(new StoredEvent(id, 1, "t", new byte[]{1, 2, 3}));
        assertThat(event.hashCode()).isEqualTo(new StoredEvent(id, 1, "t", new byte[]{1, 2, 3}).hashCode());
    }

    private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = java.util.Base64.getEncoder().encodeToString(new byte[16]);

    @Test
    void compressed_and_encrypted_states_round_trip_and_hide_the_event() {
        DomainEvent event = new DomainEvent(UUID.randomUUID(), 2, Instant.now(), null, everything());
        for (Map<String, String> settings : List.of(Map.of(Settings.COMPRESSOR, "zlib"),
                Map.of(Settings.CIPHER_KEY, KEY), Map.of(Settings.COMPRESSOR, "zlib", Settings.CIPHER_KEY, KEY))) {
            Mapper configured = Mapper.create(Settings.of(settings));

            StoredEvent stored = configured.toStoredEvent(event);

            assertThat(new String(stored.state(), StandardCharsets.ISO_8859_1)).as(settings.keySet().toString())
                    .doesNotContain("timestamp").doesNotContain("\"text\"");
            assertThat(configured.toDomainEvent(stored)).isEqualTo(event);
        }
    }

    @Test
    void encryption_uses_a_fresh_nonce_each_time() {
        Mapper configured = Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, KEY)));
        DomainEvent event = new DomainEvent(UUID.randomUUID(), 1, Instant.now(), null, new Inner("x", List.of()));

        assertThat(configured.toStoredEvent(event).state()).isNotEqualTo(configured.toStoredEvent(event).state());
    }

    @Test
    void a_state_read_with_another_key_names_the_aggregate_and_the_key_to_check() {
        UUID id = UUID.randomUUID();
        StoredEvent stored = Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, KEY))).toStoredEvent(
                new DomainEvent(id, 4, Instant.now(), null, new Inner("x", List.of())));

        assertThatThrownBy(() -> Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, OTHER_KEY))).toDomainEvent(stored))
                .hasMessageContaining(id.toString())
                .hasMessageContaining("version 4")
                .hasMessageContaining(Settings.CIPHER_KEY);
        assertThatThrownBy(() -> mapper.toDomainEvent(stored)).hasMessageContaining(id.toString());
    }

    @Test
    void a_state_that_cannot_be_decompressed_names_the_cipher_key_too_unless_it_was_decrypted() {
        UUID id = UUID.randomUUID();
        DomainEvent event = new DomainEvent(id, 3, Instant.now(), null, new Inner("x", List.of()));
        Mapper zlib = Mapper.create(Settings.of(Map.of(Settings.COMPRESSOR, "zlib")));
        Mapper zlibAndKey = Mapper.create(Settings.of(Map.of(Settings.COMPRESSOR, "zlib", Settings.CIPHER_KEY, KEY)));
        Mapper keyOnly = Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, KEY)));

        // Encrypted, read without the key: the key may be what is missing.
        assertThatThrownBy(() -> zlib.toDomainEvent(zlibAndKey.toStoredEvent(event)))
                .hasMessageContaining("version 3 of aggregate " + id)
                .hasMessageEndingWith("check " + Settings.COMPRESSOR + " and " + Settings.CIPHER_KEY);
        // Decrypted, so the key is right, but not compressed.
        assertThatThrownBy(() -> zlibAndKey.toDomainEvent(keyOnly.toStoredEvent(event)))
                .hasMessageEndingWith("check " + Settings.COMPRESSOR);
    }

    @Test
    void a_state_read_with_another_key_names_the_key_the_application_set() {
        StoredEvent stored = Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, KEY))).toStoredEvent(
                new DomainEvent(UUID.randomUUID(), 1, Instant.now(), null, new Inner("x", List.of())));
        Mapper mars = Mapper.create(Settings.forApplication("Mars",
                Map.of("eventsourcing.Mars.cipher.key", OTHER_KEY)));

        assertThatThrownBy(() -> mars.toDomainEvent(stored))
                .isInstanceOf(DecryptionException.class)
                .hasMessageEndingWith("check eventsourcing.Mars.cipher.key");
    }

    @Test
    void another_compressor_plugs_in_by_its_name() {
        Mapper reversing = Mapper.create(Settings.of(Map.of(Settings.COMPRESSOR, "reverse")));
        Inner fido = new Inner("Fido", List.of(1, 2));
        StoredEvent stored = reversing.toStoredEvent(new DomainEvent(UUID.randomUUID(), 1, Instant.now(), null, fido));

        assertThat(new String(new ReversingCompressor().decode(stored.state()), StandardCharsets.UTF_8))
                .startsWith("{").contains("Fido");
        assertThat(reversing.toDomainEvent(stored).payload()).isEqualTo(fido);
    }

    @Test
    void invalid_compressor_or_cipher_key_names_the_key_and_never_the_secret() {
        assertThatThrownBy(() -> Mapper.create(Settings.of(Map.of(Settings.COMPRESSOR, "lz4"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.COMPRESSOR)
                .hasMessageContaining("'lz4'")
                .hasMessageContaining("expected reverse or zlib");
        for (String bad : List.of("not base64!", java.util.Base64.getEncoder().encodeToString(new byte[10]))) {
            assertThatThrownBy(() -> Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, bad))))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(Settings.CIPHER_KEY)
                    .hasMessageNotContaining(bad)
                    .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo(Settings.CIPHER_KEY));
        }
    }
}
