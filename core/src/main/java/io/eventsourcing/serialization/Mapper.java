package io.eventsourcing.serialization;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.serialization.internal.AesGcmCodec;
import io.eventsourcing.serialization.internal.JsonTranscoder;
import io.eventsourcing.serialization.internal.PayloadType;
import io.eventsourcing.serialization.internal.PersonalFields;
import io.eventsourcing.serialization.internal.SnapshotJson;
import io.eventsourcing.serialization.internal.SubjectKeys;
import io.eventsourcing.serialization.internal.Topics;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Turns domain events into stored events and back: the event's class becomes its topic, its state becomes bytes
 * through the {@link Transcoder}, then, if configured, is compressed ({@value Settings#COMPRESSOR}{@code =zlib},
 * or another {@link Compressor}) and encrypted with AES-GCM ({@value Settings#CIPHER_KEY}: a base64 key of 16, 24 or
 * 32 bytes, such as {@code openssl rand -base64 32} prints). Thread-safe; topics are resolved to classes once and cached.
 *
 * <p>The values of {@link io.eventsourcing.domain.PersonalData} components are encrypted first, each event's
 * together, with its subject's data key (before the JSON, or in it when states are not encrypted whole), which the
 * master key {@value Settings#CIPHER_KEY} wraps and a
 * {@link DataKeyRecorder} stores ({@link #withDataKeys}); up to {@value Settings#CIPHER_KEY_CACHE_SIZE} unwrapped keys
 * (1000 by default) are cached. {@value Settings#CIPHER_ENCRYPT_STATES}{@code =false} keeps the master key to that
 * use, and stores states otherwise unencrypted.
 */
public final class Mapper {

    private final Transcoder transcoder;
    private final Codec[] steps;
    /** The keys as set (an application's own, such as {@code eventsourcing.DogSchool.cipher.key}): for errors. */
    private final String compressorKey;
    private final String cipherKey;
    private final SubjectKeys keys;
    private final Topics topics;
    private final SnapshotJson snapshots = new SnapshotJson();

    /** A mapper with the default JSON transcoder, no compression and no encryption. */
    public Mapper() {
        this(new JsonTranscoder());
    }

    public Mapper(Transcoder transcoder) {
        this(transcoder, new Codec[0], Settings.COMPRESSOR, Settings.CIPHER_KEY,
                SubjectKeys.NONE);
    }

    private Mapper(Transcoder transcoder, Codec[] steps, String compressorKey, String cipherKey, SubjectKeys keys) {
        this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
        this.steps = steps;
        this.compressorKey = compressorKey;
        this.cipherKey = cipherKey;
        this.keys = keys;
        this.topics = Topics.forCurrentThread();
    }

    /**
     * @return the mapper the settings configure: the JSON transcoder, and compression and encryption if set
     * @throws ConfigurationException naming {@value Settings#COMPRESSOR}, {@value Settings#CIPHER_KEY},
     *                                {@value Settings#CIPHER_ENCRYPT_STATES} or {@value Settings#CIPHER_KEY_CACHE_SIZE}
     *                                if its value is invalid; a cipher key that is set must be a key, also when it is
     *                                set empty (in MicroProfile Config too, which otherwise counts an empty value as
     *                                not set)
     */
    public static Mapper create(Settings settings) {
        List<Codec> steps = new ArrayList<>(2);
        String compressor = settings.get(Settings.COMPRESSOR).map(String::trim).orElse("");
        if (!compressor.isEmpty()) {
            steps.add(compressor(compressor, settings));
        }
        // Set but empty (a secret that is missing) must not pass for "no encryption", whatever the source.
        String key = settings.getEvenIfEmpty(Settings.CIPHER_KEY).map(String::trim).orElse(null);
        String cipherKey = settings.keyOf(Settings.CIPHER_KEY, true);
        List<byte[]> masterKeys = new ArrayList<>(1);
        if (key != null) {
            if (key.isEmpty()) {
                throw new ConfigurationException(cipherKey, cipherKey + " is set but empty: set it to a base64 AES"
                        + " key of 16, 24 or 32 bytes (openssl rand -base64 32), or leave it unset to store states"
                        + " unencrypted");
            }
            masterKeys.add(aesKey(key, cipherKey, ""));
            String previous = settings.get(Settings.CIPHER_PREVIOUS_KEYS).orElse("");
            String[] previousKeys = previous.isBlank() ? new String[0] : previous.split(",");
            for (int i = 0; i < previousKeys.length; i++) {
                masterKeys.add(aesKey(previousKeys[i].trim(), settings.keyOf(Settings.CIPHER_PREVIOUS_KEYS),
                        " (key " + (i + 1) + " of " + previousKeys.length + ")"));
            }
            if (settings.getBoolean(Settings.CIPHER_ENCRYPT_STATES, true)) {
                steps.add(new AesGcmCodec(masterKeys));
            }
        } else if (settings.get(Settings.CIPHER_PREVIOUS_KEYS).isPresent()) {
            String set = settings.keyOf(Settings.CIPHER_PREVIOUS_KEYS);
            throw new ConfigurationException(set, set + " is set, and " + cipherKey + " is not: set " + cipherKey
                    + " to the new master key, which replaces the previous ones");
        }
        int cacheSize = settings.getInt(Settings.CIPHER_KEY_CACHE_SIZE, 1000, 0, Integer.MAX_VALUE);
        int cacheMillis = settings.getInt(Settings.CIPHER_KEY_CACHE_MILLIS, 60_000, 0, Integer.MAX_VALUE);
        return new Mapper(new JsonTranscoder(), steps.toArray(new Codec[0]), settings.keyOf(Settings.COMPRESSOR),
                cipherKey, SubjectKeys.create(masterKeys, cipherKey, cacheSize, cacheMillis));
    }

    /**
     * @return the bytes of a base64 AES key
     * @throws ConfigurationException naming the setting, never the value (a secret), if it is not one
     */
    private static byte[] aesKey(String base64, String setting, String which) {
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + key.length);
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(setting, "Invalid value for " + setting + which
                    + ": expected a base64 AES key of 16, 24 or 32 bytes (openssl rand -base64 32): " + e.getMessage());
        }
    }

    /**
     * @param recorder where the data keys of the subjects of personal data are stored: the recorder the events go
     *                 to, which stores new keys in the transaction of the events that need them
     * @return this mapper, encrypting personal data with the data keys that recorder stores (and a key cache of its
     *         own)
     */
    public Mapper withDataKeys(DataKeyRecorder recorder) {
        return new Mapper(transcoder, steps, compressorKey, cipherKey,
                keys.storedIn(Objects.requireNonNull(recorder, "recorder")));
    }

    /**
     * Checks that the master key, or one of {@value Settings#CIPHER_PREVIOUS_KEYS}, wrapped the data keys the
     * recorder stores, by a check value stored with them (stored now if there is none). Does nothing without a
     * master key, or a recorder that keeps data keys.
     *
     * @throws ConfigurationException naming {@value Settings#CIPHER_KEY} if another master key wrapped them
     */
    public void checkMasterKey() {
        keys.checkMasterKey();
    }

    /**
     * Wraps every data key that one of {@value Settings#CIPHER_PREVIOUS_KEYS} wrapped anew under the master key,
     * without reading or writing an event: afterwards the previous keys are no longer needed for them.
     *
     * @return how many keys were wrapped anew
     * @throws ConfigurationException naming {@value Settings#CIPHER_KEY} if it is not set
     * @throws IllegalStateException  naming the subject if no master key unwraps its key
     */
    public int rewrapDataKeys() {
        return keys.rewrap();
    }

    /**
     * @return how long, in nanoseconds, what was read with a subject's data key may serve from memory: as long as the
     *         key stays cached ({@value Settings#CIPHER_KEY_CACHE_MILLIS}), after which a subject forgotten elsewhere
     *         reads as forgotten; 0 if keys are not cached
     */
    public long dataKeyCacheNanos() {
        return keys.cacheNanos();
    }

    /** Drops the subject's data key from the cache of unwrapped keys: after its subject is forgotten. */
    public void evictDataKey(UUID subjectId) {
        keys.evict(subjectId);
    }

    /**
     * @return the stored form of a snapshot of the aggregate at its version: its topic is the aggregate's class, its
     *         state every instance field as JSON, compressed and encrypted as events are; if its events gave it
     *         {@link io.eventsourcing.domain.PersonalData}, first sealed whole with a key derived from the data keys
     *         of all their subjects, so that forgetting any of them makes the snapshot unreadable
     * @throws IllegalStateException naming the aggregate and field if JSON-B cannot write a field, or naming the
     *                               aggregate and subject if it holds personal data of a subject forgotten since
     */
    public StoredEvent toStoredSnapshot(Aggregate aggregate) {
        byte[] state = snapshots.encode(aggregate);
        Set<UUID> subjects = AggregateAccess.get().subjects(aggregate);
        if (!subjects.isEmpty()) {
            state = keys.sealSnapshot(state, subjects, aggregate.getClass(), aggregate.id(), aggregate.version());
        }
        for (Codec step : steps) {
            state = step.encode(state);
        }
        return new StoredEvent(aggregate.id(), aggregate.version(), aggregate.getClass().getName(), state);
    }

    /**
     * @return the aggregate the stored snapshot holds, or {@code null} if it holds personal data of a forgotten
     *         subject: rebuild the aggregate from its events
     * @throws UnknownTopicException naming the topic and aggregate if the topic names no aggregate class
     * @throws DecryptionException   naming the aggregate and version if the state cannot be decrypted
     */
    public Aggregate toAggregate(StoredEvent snapshot) {
        Class<?> type = topics.resolve(snapshot.topic());
        if (type == null || !Aggregate.class.isAssignableFrom(type)) {
            throw new UnknownTopicException(snapshot.topic(), snapshot.originatorId(), snapshot.originatorVersion(),
                    null);
        }
        Class<? extends Aggregate> aggregateType = type.asSubclass(Aggregate.class);
        byte[] state = decode(snapshot, "its snapshot");
        if (!SubjectKeys.isSealedSnapshot(state)) {
            return snapshots.decode(aggregateType, snapshot.originatorId(), snapshot.originatorVersion(), state);
        }
        SubjectKeys.OpenedSnapshot opened = keys.openSnapshot(state, aggregateType, snapshot.originatorId(),
                snapshot.originatorVersion());
        if (opened == null) {
            return null;
        }
        Aggregate aggregate = snapshots.decode(aggregateType, snapshot.originatorId(), snapshot.originatorVersion(),
                opened.state());
        AggregateAccess.get().addSubjects(aggregate, opened.subjects());
        return aggregate;
    }

    /**
     * @return the stored form of the event
     * @throws IllegalStateException if the event's personal data needs a data key its subject does not have yet:
     *                               {@link #toStoredEvents} returns it, to be stored with the event
     */
    public StoredEvent toStoredEvent(DomainEvent event) {
        MappedEvents mapped = toStoredEvents(List.of(event));
        if (!mapped.newKeys().isEmpty()) {
            throw new IllegalStateException(("The personal data of version %d of aggregate %s needs a new data key:"
                    + " map it with toStoredEvents, and store the key with it").formatted(event.originatorVersion(),
                    event.originatorId()));
        }
        return mapped.events().get(0);
    }

    /**
     * @return the stored forms of the events, in order, and the data keys created for the subjects of their personal
     *         data that had none, which must be stored in the same transaction
     *         ({@link DataKeyRecorder#insertEvents(List, List, List, List)})
     * @throws ConfigurationException naming {@value Settings#CIPHER_KEY} and the event class if an event has
     *                                {@link io.eventsourcing.domain.PersonalData} and no master key is set
     */
    public MappedEvents toStoredEvents(List<DomainEvent> events) {
        SubjectKeys.Writing writing = null;                 // made for the first event that has personal data
        List<StoredEvent> stored = new ArrayList<>(events.size());
        for (int i = 0, n = events.size(); i < n; i++) {
            DomainEvent event = events.get(i);
            byte[] state;
            if (transcoder instanceof JsonTranscoder json) {
                PayloadType type = PayloadType.of(event.payload().getClass());
                if (writing == null && !type.personal().isEmpty()) {
                    writing = keys.writing(encrypts());
                }
                state = json.encode(event, type, writing);
            } else if (PersonalFields.of(event.payload().getClass()).isEmpty()) {
                state = transcoder.encode(event);
            } else {
                throw new IllegalStateException(event.payload().getClass().getName() + " has @PersonalData"
                        + " components, which only the JSON transcoder encrypts, not " + transcoder.getClass().getName());
            }
            for (Codec step : steps) {
                state = step.encode(state);
            }
            stored.add(new StoredEvent(event.originatorId(), event.originatorVersion(), event.topic(), state));
        }
        if (writing == null) {
            return new MappedEvents(stored, List.of());
        }
        writing.finish();
        return new MappedEvents(stored, writing.created());
    }

    /**
     * @return the domain event the stored event holds
     * @throws UnknownTopicException naming the topic and aggregate if the topic names no event record class
     * @throws DecryptionException   naming the aggregate and version if the state cannot be decrypted, or its
     *                               personal data or the data key of its subject was changed; personal data whose
     *                               subject was forgotten reads as {@code null}, or as the replacement its component
     *                               names
     */
    public DomainEvent toDomainEvent(StoredEvent stored) {
        return toDomainEvent(stored, keys.reading(encrypts()));
    }

    /**
     * @return the domain events the stored events hold, in order: as {@link #toDomainEvent} each, the data key of
     *         each subject of their personal data looked up once for all (an aggregate's events)
     * @throws UnknownTopicException naming the topic and aggregate if a topic names no event record class
     * @throws DecryptionException   naming the aggregate and version if a state cannot be decrypted
     */
    public List<DomainEvent> toDomainEvents(List<StoredEvent> stored) {
        SubjectKeys.Reading reading = keys.reading(encrypts());
        List<DomainEvent> events = new ArrayList<>(stored.size());
        for (int i = 0, n = stored.size(); i < n; i++) {
            events.add(toDomainEvent(stored.get(i), reading));
        }
        return events;
    }

    private DomainEvent toDomainEvent(StoredEvent stored, SubjectKeys.Reading reading) {
        Class<?> type = topics.resolve(stored.topic());
        if (type == null || !type.isRecord()) {
            throw new UnknownTopicException(stored.topic(), stored.originatorId(), stored.originatorVersion(), null);
        }
        byte[] state = decode(stored, "an event");
        Class<? extends Record> payloadType = type.asSubclass(Record.class);
        return transcoder instanceof JsonTranscoder json
                ? json.decode(stored.originatorId(), stored.originatorVersion(), payloadType, state, reading)
                : transcoder.decode(stored.originatorId(), stored.originatorVersion(), payloadType, state);
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
