package io.eventsourcing.serialization;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.serialization.internal.AesGcmCodec;
import io.eventsourcing.serialization.internal.JsonTranscoder;
import io.eventsourcing.serialization.internal.SnapshotJson;
import io.eventsourcing.serialization.internal.Topics;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Turns domain events into stored events and back: the event's class becomes its topic, its state becomes bytes
 * through the {@link Transcoder}, then, if configured, is compressed ({@value Settings#COMPRESSOR}{@code =zlib},
 * or another {@link Compressor}) and encrypted with AES-GCM ({@value Settings#CIPHER_KEY}: a base64 key of 16, 24 or
 * 32 bytes, such as {@code openssl rand -base64 32} prints). Thread-safe; topics are resolved to classes once and cached.
 */
public final class Mapper {

    private final Transcoder transcoder;
    private final Codec[] steps;
    /** The keys as set (an application's own, such as {@code eventsourcing.DogSchool.cipher.key}): for errors. */
    private final String compressorKey;
    private final String cipherKey;
    private final Topics topics;
    private final SnapshotJson snapshots = new SnapshotJson();

    /** A mapper with the default JSON transcoder, no compression and no encryption. */
    public Mapper() {
        this(new JsonTranscoder());
    }

    public Mapper(Transcoder transcoder) {
        this(transcoder, new Codec[0], Settings.COMPRESSOR, Settings.CIPHER_KEY);
    }

    private Mapper(Transcoder transcoder, Codec[] steps, String compressorKey, String cipherKey) {
        this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
        this.steps = steps;
        this.compressorKey = compressorKey;
        this.cipherKey = cipherKey;
        this.topics = Topics.forCurrentThread();
    }

    /**
     * @return the mapper the settings configure: the JSON transcoder, and compression and encryption if set
     * @throws ConfigurationException naming {@value Settings#COMPRESSOR} or {@value Settings#CIPHER_KEY} if its value is invalid; a
     *                                cipher key that is set must be a key, also when it is set empty (in MicroProfile
     *                                Config too, which otherwise counts an empty value as not set)
     */
    public static Mapper create(Settings settings) {
        List<Codec> steps = new ArrayList<>(2);
        String compressor = settings.get(Settings.COMPRESSOR).map(String::trim).orElse("");
        if (!compressor.isEmpty()) {
            steps.add(compressor(compressor, settings));
        }
        // Set but empty (a secret that is missing) must not pass for "no encryption", whatever the source.
        String key = settings.getEvenIfEmpty(Settings.CIPHER_KEY).map(String::trim).orElse(null);
        if (key != null) {
            String set = settings.keyOf(Settings.CIPHER_KEY, true);
            if (key.isEmpty()) {
                throw new ConfigurationException(set, set + " is set but empty: set it to a base64 AES"
                        + " key of 16, 24 or 32 bytes (openssl rand -base64 32), or leave it unset to store states"
                        + " unencrypted");
            }
            try {
                steps.add(new AesGcmCodec(Base64.getDecoder().decode(key)));
            } catch (IllegalArgumentException e) {
                // The value is a secret: the message names the key only.
                throw new ConfigurationException(set, "Invalid value for " + set
                        + ": expected a base64 AES key of 16, 24 or 32 bytes (openssl rand -base64 32): "
                        + e.getMessage());
            }
        }
        return new Mapper(new JsonTranscoder(), steps.toArray(new Codec[0]), settings.keyOf(Settings.COMPRESSOR),
                settings.keyOf(Settings.CIPHER_KEY, true));
    }

    /**
     * @return the stored form of a snapshot of the aggregate at its version: its topic is the aggregate's class, its
     *         state every instance field as JSON, compressed and encrypted as events are
     * @throws IllegalStateException naming the aggregate and field if JSON-B cannot write a field
     */
    public StoredEvent toStoredSnapshot(Aggregate aggregate) {
        byte[] state = snapshots.encode(aggregate);
        for (Codec step : steps) {
            state = step.encode(state);
        }
        return new StoredEvent(aggregate.id(), aggregate.version(), aggregate.getClass().getName(), state);
    }

    /**
     * @return the aggregate the stored snapshot holds
     * @throws UnknownTopicException naming the topic and aggregate if the topic names no aggregate class
     * @throws DecryptionException   naming the aggregate and version if the state cannot be decrypted
     */
    public Aggregate toAggregate(StoredEvent snapshot) {
        Class<?> type = topics.resolve(snapshot.topic());
        if (type == null || !Aggregate.class.isAssignableFrom(type)) {
            throw new UnknownTopicException(snapshot.topic(), snapshot.originatorId(), snapshot.originatorVersion(),
                    null);
        }
        return snapshots.decode(type.asSubclass(Aggregate.class), snapshot.originatorId(),
                snapshot.originatorVersion(), decode(snapshot, "its snapshot"));
    }

    /** @return the stored form of the event */
    public StoredEvent toStoredEvent(DomainEvent event) {
        byte[] state = transcoder.encode(event);
        for (Codec step : steps) {
            state = step.encode(state);
        }
        return new StoredEvent(event.originatorId(), event.originatorVersion(), event.topic(), state);
    }

    /**
     * @return the domain event the stored event holds
     * @throws UnknownTopicException naming the topic and aggregate if the topic names no event record class
     * @throws DecryptionException   naming the aggregate and version if the state cannot be decrypted
     */
    public DomainEvent toDomainEvent(StoredEvent stored) {
        Class<?> type = topics.resolve(stored.topic());
        if (type == null || !type.isRecord()) {
            throw new UnknownTopicException(stored.topic(), stored.originatorId(), stored.originatorVersion(), null);
        }
        return transcoder.decode(stored.originatorId(), stored.originatorVersion(), type.asSubclass(Record.class),
                decode(stored, "an event"));
    }

    /**
     * Undoes the encryption and compression of a stored state.
     *
     * @throws DecryptionException   naming the aggregate, version and cipher key if the state cannot be decrypted
     * @throws IllegalStateException naming the aggregate, version and the keys to check if it cannot be
     *                               decompressed
     */
    private byte[] decode(StoredEvent stored, String what) {
        byte[] state = stored.state();
        for (int i = steps.length - 1; i >= 0; i--) {
            try {
                state = steps[i].decode(state);
            } catch (IllegalArgumentException e) {
                boolean decrypting = steps[i] instanceof AesGcmCodec;
                // Decryption comes first: after it the key is right; without it the state may be encrypted.
                String check = decrypting ? cipherKey
                        : encrypts() ? compressorKey : compressorKey + " and " + cipherKey;
                String message = "Cannot read version %d of aggregate %s (%s): %s; check %s".formatted(
                        stored.originatorVersion(), stored.originatorId(), what, e.getMessage(), check);
                throw decrypting
                        ? new DecryptionException(stored.originatorId(), stored.originatorVersion(), message, e)
                        : new IllegalStateException(message, e);
            }
        }
        return state;
    }

    private boolean encrypts() {
        return steps.length > 0 && steps[steps.length - 1] instanceof AesGcmCodec;
    }

    /** The compressor of that name: zlib, or one listed in {@code META-INF/services} (the context class loader's first). */
    private static Compressor compressor(String name, Settings settings) {
        List<String> names = new ArrayList<>();
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                Mapper.class.getClassLoader()}) {
            if (loader != null) {
                for (Compressor compressor : ServiceLoader.load(Compressor.class, loader)) {
                    if (compressor.name().equals(name)) {
                        return compressor;
                    }
                    names.add(compressor.name());
                }
            }
        }
        String set = settings.keyOf(Settings.COMPRESSOR);
        throw new ConfigurationException(set, "Invalid value '%s' for %s: expected %s, or no value"
                .formatted(name, set, String.join(" or ", new TreeSet<>(names))));
    }
}
