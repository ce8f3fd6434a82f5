package io.eventsourcing.persistence.tck;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.EventStore;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.serialization.DecryptionException;
import io.eventsourcing.serialization.Mapper;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static io.eventsourcing.config.Settings.CIPHER_KEY;
import static io.eventsourcing.config.Settings.COMPRESSOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The infrastructure an {@link InfrastructureFactory} builds, whatever stores the events: the mapper that
 * {@value Settings#COMPRESSOR} and {@value Settings#CIPHER_KEY} configure applies to everything the backend stores, and
 * the backend keeps those bytes exactly. As the Python library's infrastructure tests, per backend:
 * <ul>
 *   <li>with no compressor or cipher, with zlib, with AES-GCM and with both, events are read back equal from the
 *       event store and from the notification log, a snapshot gives back the aggregate's state, and an application
 *       rebuilds its aggregates from events and snapshots;</li>
 *   <li>with a cipher key, no stored state (event, notification, snapshot) shows the plaintext, even inflated;
 *       without one, every state shows it; with zlib, a compressible state is stored smaller than its JSON;</li>
 *   <li>a state read with other settings than it was stored with (another cipher key, no key, a key for a state
 *       stored plain, a compressor missing or added) fails, naming the aggregate, the version and the key to check:
 *       a {@link DecryptionException} where decryption fails; each application reads with its own key;</li>
 *   <li>an unknown compressor or an invalid cipher key fails at {@link InfrastructureFactory#create(Map)} with a
 *       {@link ConfigurationException} naming the key (never the secret value).</li>
 * </ul>
 * A backend runs it by extending this suite unchanged and supplying settings for a fresh, empty store (each call a
 * new one); the tests that store a snapshot are skipped on a backend that keeps none:
 *
 * <pre>{@code
 * class SqliteInfrastructureIT extends InfrastructureConformance {
 *     protected Map<String, String> settings() {
 *         return Map.of("eventsourcing.persistence", "sqlite", "eventsourcing.sqlite.dbname", newDatabaseFile());
 *     }
 * }
 * }</pre>
 */
public abstract class InfrastructureConformance {

    /** A 32-byte (AES-256) key, and a 16-byte (AES-128) one. */
    private static final String KEY = newKey(32);
    private static final String OTHER_KEY = newKey(16);
    /** In every stored state: each event of the world and its snapshot hold it. */
    private static final String SECRET = "Atlantis-is-real";
    private static final String COMPRESSIBLE = SECRET + " rises again.".repeat(200);

    /** @return settings that make an infrastructure (and an application) over a fresh, empty store */
    protected abstract Map<String, String> settings();

    /** How the mapper encodes states: the settings it adds to the store's. */
    public record Encoding(String name, Map<String, String> settings) {

        static final Encoding PLAIN = new Encoding("no compressor, no cipher", Map.of());
        static final Encoding ZLIB = new Encoding("zlib", Map.of(COMPRESSOR, "zlib"));
        static final Encoding AES_GCM = new Encoding("AES-GCM", Map.of(CIPHER_KEY, KEY));
        static final Encoding ZLIB_AES_GCM = new Encoding("zlib and AES-GCM",
                Map.of(COMPRESSOR, "zlib", CIPHER_KEY, KEY));

        Encoding otherKey() {
            return new Encoding(name + ", another key", with(settings, Map.of(CIPHER_KEY, OTHER_KEY)));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A state stored with some settings, read with others, and what the failure must be and name. */
    public record Mismatch(Encoding stored, Encoding read, Class<? extends IllegalStateException> failure,
                           String keyToCheck) {

        @Override
        public String toString() {
            return "stored with " + stored + ", read with " + read;
        }
    }

    static List<Encoding> encodings() {
        return List.of(Encoding.PLAIN, Encoding.ZLIB, Encoding.AES_GCM, Encoding.ZLIB_AES_GCM);
    }

    static List<Encoding> noCiphers() {
        return List.of(Encoding.PLAIN, Encoding.ZLIB);
    }

    static List<Encoding> ciphers() {
        return List.of(Encoding.AES_GCM, Encoding.ZLIB_AES_GCM);
    }

    static List<Encoding> compressors() {
        return List.of(Encoding.ZLIB, Encoding.ZLIB_AES_GCM);
    }

    static List<Mismatch> mismatches() {
        return List.of(
                new Mismatch(Encoding.AES_GCM, Encoding.AES_GCM.otherKey(), DecryptionException.class, CIPHER_KEY),
                new Mismatch(Encoding.ZLIB_AES_GCM, Encoding.ZLIB_AES_GCM.otherKey(), DecryptionException.class,
                        CIPHER_KEY),
                new Mismatch(Encoding.AES_GCM, Encoding.PLAIN, IllegalStateException.class, CIPHER_KEY),
                new Mismatch(Encoding.ZLIB_AES_GCM, Encoding.ZLIB, IllegalStateException.class, CIPHER_KEY),
                new Mismatch(Encoding.PLAIN, Encoding.AES_GCM, DecryptionException.class, CIPHER_KEY),
                new Mismatch(Encoding.ZLIB, Encoding.PLAIN, IllegalStateException.class, COMPRESSOR),
                new Mismatch(Encoding.PLAIN, Encoding.ZLIB, IllegalStateException.class, COMPRESSOR));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void events_are_read_back_equal_from_the_event_store_and_the_notification_log(Encoding encoding) {
        try (InfrastructureFactory factory = factory(encoding)) {
            List<DomainEvent> events = storeWorld(factory).events();

            assertThat(factory.eventStore().get(events.get(0).originatorId())).isEqualTo(events);
            assertThat(notifications(factory)).extracting(n -> factory.mapper().toDomainEvent(n.storedEvent()))
                    .isEqualTo(events);
        }
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void a_snapshot_is_stored_through_the_mapper_and_gives_back_the_aggregate(Encoding encoding) {
        try (InfrastructureFactory factory = factory(encoding)) {
            World world = storeWorld(factory).world();

            World copy = (World) factory.mapper().toAggregate(storeSnapshot(factory, world));

            assertSameWorld(copy, world);
        }
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void an_application_rebuilds_its_aggregates_from_events_and_snapshots(Encoding encoding) {
        Map<String, String> settings = with(settings(), encoding.settings());
        settings.put(Settings.SNAPSHOTTING, "true");
        try (Universe app = new Universe(settings)) {
            World world = world();
            app.save(world);
            app.takeSnapshot(world.id());
            world.makeItSo("trucks");
            app.save(world);

            assertSameWorld(app.repository().get(world.id()), world);
        }
    }

    @ParameterizedTest
    @MethodSource("noCiphers")
    void without_a_cipher_key_every_stored_state_shows_the_plaintext(Encoding encoding) {
        try (InfrastructureFactory factory = factory(encoding)) {
            assertThat(storedStates(factory)).allSatisfy(state -> assertThat(visible(state)).contains(SECRET));
        }
    }

    @ParameterizedTest
    @MethodSource("ciphers")
    void with_a_cipher_key_no_stored_state_holds_the_plaintext(Encoding encoding) {
        try (InfrastructureFactory factory = factory(encoding)) {
            assertThat(storedStates(factory)).allSatisfy(state -> assertThat(visible(state)).doesNotContain(SECRET));
        }
    }

    @ParameterizedTest
    @MethodSource("compressors")
    void with_zlib_a_compressible_state_is_stored_smaller_than_its_json(Encoding encoding) {
        try (InfrastructureFactory factory = factory(encoding)) {
            Stored stored = storeWorld(factory);
            DomainEvent compressible = stored.events().get(1);
            StoredEvent snapshot = storeSnapshot(factory, stored.world());
            Mapper plain = new Mapper();

            assertThat(factory.applicationRecorder().selectEvents(stored.world().id()).get(1).state())
                    .hasSizeLessThan(plain.toStoredEvent(compressible).state().length / 4);
            assertThat(snapshot.state()).hasSizeLessThan(plain.toStoredSnapshot(stored.world()).state().length / 4);
        }
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void an_event_read_with_other_settings_than_it_was_stored_with_fails_naming_the_aggregate_version_and_key(
            Mismatch mismatch) {
        try (InfrastructureFactory factory = factory(mismatch.stored())) {
            UUID id = storeWorld(factory).world().id();
            Mapper reader = mapper(mismatch.read());

            assertUnreadable(() -> new EventStore(reader, factory.applicationRecorder()).get(id), id, 1, mismatch);
            assertUnreadable(() -> reader.toDomainEvent(notifications(factory).get(0).storedEvent()), id, 1,
                    mismatch);
        }
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void a_snapshot_read_with_other_settings_than_it_was_stored_with_fails_naming_the_aggregate_version_and_key(
            Mismatch mismatch) {
        try (InfrastructureFactory factory = factory(mismatch.stored())) {
            World world = storeWorld(factory).world();
            StoredEvent snapshot = storeSnapshot(factory, world);

            assertUnreadable(() -> mapper(mismatch.read()).toAggregate(snapshot), world.id(), world.version(),
                    mismatch);
        }
    }

    @Test
    void each_application_reads_with_its_own_cipher_key() {
        Map<String, String> settings = with(settings(), Map.of("eventsourcing.Earth.cipher.key", KEY,
                "eventsourcing.Mars.cipher.key", OTHER_KEY));
        try (InfrastructureFactory earth = InfrastructureFactory.create(Settings.forApplication("Earth", settings))) {
            List<DomainEvent> events = storeWorld(earth).events();
            UUID id = events.get(0).originatorId();
            EventStore mars = new EventStore(Mapper.create(Settings.forApplication("Mars", settings)),
                    earth.applicationRecorder());

            assertThat(earth.eventStore().get(id)).isEqualTo(events);
            assertThat(earth.applicationRecorder().selectEvents(id))
                    .allSatisfy(e -> assertThat(text(e.state())).doesNotContain(SECRET));
            assertUnreadable(() -> mars.get(id), id, 1, DecryptionException.class, "eventsourcing.Mars.cipher.key");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "lz4"})
    void an_unknown_compressor_fails_at_create_naming_the_key_and_the_value(String compressor) {
        assertRefusedAtCreate(COMPRESSOR, compressor).hasMessageContaining("'" + compressor + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "c2hvcnQga2V5"})
    void an_invalid_cipher_key_fails_at_create_naming_the_key_never_the_value(String key) {
        assertRefusedAtCreate(CIPHER_KEY, key).hasMessageNotContaining(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void a_cipher_key_set_but_empty_fails_at_create_naming_the_key(String key) {
        assertRefusedAtCreate(CIPHER_KEY, key).hasMessageContaining("set but empty");
    }

    /** A world's events as stored, and the world after them. */
    private record Stored(World world, List<DomainEvent> events) {
    }

    /** @return a world whose every event holds {@link #SECRET}, one of them {@link #COMPRESSIBLE} */
    private static World world() {
        World world = new World(SECRET);
        world.makeItSo(COMPRESSIBLE);
        world.label(SECRET);
        return world;
    }

    private static Stored storeWorld(InfrastructureFactory factory) {
        World world = world();
        List<DomainEvent> events = world.collectEvents();
        factory.eventStore().put(events);
        return new Stored(world, events);
    }

    /** @return the snapshot of the world as the snapshot recorder gives it back */
    private static StoredEvent storeSnapshot(InfrastructureFactory factory, World world) {
        AggregateRecorder snapshots = factory.snapshotRecorder();
        snapshots.insertEvents(List.of(factory.mapper().toStoredSnapshot(world)));
        return snapshots.selectEvents(world.id()).get(0);
    }


    /** @return the states of a stored world's events, of its notifications and (if kept) of its snapshot */
    private static List<byte[]> storedStates(InfrastructureFactory factory) {
        World world = storeWorld(factory).world();
        List<byte[]> states = new ArrayList<>();
        factory.applicationRecorder().selectEvents(world.id()).forEach(e -> states.add(e.state()));
        notifications(factory).forEach(n -> states.add(n.state()));
        states.add(storeSnapshot(factory, world).state());
        assertThat(states).hasSize(7);
        return states;
    }

    private static List<Notification> notifications(InfrastructureFactory factory) {
        return factory.applicationRecorder().selectNotifications(1, 100);
    }

    private static void assertSameWorld(World copy, World world) {
        assertThat(copy.name()).isEqualTo(world.name());
        assertThat(copy.history()).isEqualTo(world.history());
        assertThat(copy.label()).isEqualTo(world.label());
        assertThat(copy.version()).isEqualTo(world.version());
        assertThat(copy.createdOn()).isEqualTo(world.createdOn());
        assertThat(copy.modifiedOn()).isEqualTo(world.modifiedOn());
    }

    private static void assertUnreadable(ThrowingCallable read, UUID id, int version, Mismatch mismatch) {
        assertUnreadable(read, id, version, mismatch.failure(), mismatch.keyToCheck());
    }

    private static void assertUnreadable(ThrowingCallable read, UUID id, int version,
                                         Class<? extends IllegalStateException> failure, String keyToCheck) {
        assertThatThrownBy(read)
                .isInstanceOf(failure)
                .hasMessageContaining("version " + version)
                .hasMessageContaining(id.toString())
                .hasMessageContaining(keyToCheck)
                .satisfies(e -> {
                    if (e instanceof DecryptionException d) {
                        assertThat(d.originatorId()).isEqualTo(id);
                        assertThat(d.originatorVersion()).isEqualTo(version);
                    }
                });
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefusedAtCreate(String key, String value) {
        return assertThatThrownBy(() -> InfrastructureFactory.create(with(settings(), Map.of(key, value))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key)
                .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo(key));
    }

    private InfrastructureFactory factory(Encoding encoding) {
        return InfrastructureFactory.create(with(settings(), encoding.settings()));
    }

    private static Mapper mapper(Encoding encoding) {
        return Mapper.create(Settings.of(encoding.settings()));
    }

    private static Map<String, String> with(Map<String, String> settings, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(more);
        return all;
    }

    private static String text(byte[] state) {
        return new String(state, StandardCharsets.ISO_8859_1);
    }

    /** @return what a reader without the key sees: the state as text and, if it is zlib data, what it inflates to */
    private static String visible(byte[] state) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(state);
            byte[] inflated = new byte[64 * 1024];
            return text(state) + text(Arrays.copyOf(inflated, inflater.inflate(inflated)));
        } catch (DataFormatException notZlib) {
            return text(state);
        } finally {
            inflater.end();
        }
    }

    private static String newKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
