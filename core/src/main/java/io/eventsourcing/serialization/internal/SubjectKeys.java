package io.eventsourcing.serialization.internal;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.serialization.DecryptionException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The data keys of the subjects of personal data: 256-bit AES keys, one per subject, each with a random 8-byte id,
 * stored by a {@link DataKeyRecorder} wrapped with AES-GCM under a key derived from the master key
 * ({@code eventsourcing.cipher.key}), the subject's id and the key's id as associated data. Keys wrapped by a
 * previous master key ({@code eventsourcing.cipher.previous-keys}) are read too, and {@link #rewrap} wraps them anew
 * under the current one. A check value, stored as the key of the reserved subject {@link #CHECK_SUBJECT}, tells at
 * start-up whether the master key is the one that wrapped the stored keys ({@link #checkMasterKey}).
 *
 * <p>Unwrapped keys are kept in a bounded cache, the most recently used, for a limited time (another process may
 * forget their subjects), and so are the ids of keys found deleted (an id never comes back, so those never go stale):
 * reading the events of a forgotten subject selects its key once. A cached key keeps its ciphers initialised
 * ({@link AesKey}), and gives them to the spares when it leaves the cache. Thread-safe.
 */
public final class SubjectKeys {

    private static final int KEY_BYTES = 32;
    /** The reserved subject whose "key" is the check value of the master key; no personal data may name it. */
    public static final UUID CHECK_SUBJECT = new UUID(0, 0);
    private static final byte[] CHECK_PLAIN = "eventsourcing master key check".getBytes(StandardCharsets.US_ASCII);
    /** How many data keys {@link #rewrap} reads and replaces at a time. */
    private static final int REWRAP_BATCH = 500;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SNAPSHOT = "{\"subjects\":[".getBytes(StandardCharsets.US_ASCII);

    /** No master key: personal data fails naming {@code eventsourcing.cipher.key}. */
    public static final SubjectKeys NONE = create(List.of(), "eventsourcing.cipher.key", 0, 0);

    /** Wrap the data keys: the current master key's, then previous ones', which only unwrap; empty without one. */
    private final AesKey[] wrapping;
    /** The master key's name as set, for errors. */
    private final String cipherKey;
    private final int cacheSize;
    /** How long a cached key is used before it is selected again. */
    private final long ttlNanos;
    /** {@code null} if the persistence keeps no data keys. */
    private final DataKeyRecorder recorder;
    /** Both caches, under the lock of the first. */
    private final Map<UUID, Key> cache;
    private final Map<Gone, Boolean> gone;

    /** An unwrapped data key and its id; when it was selected ({@link System#nanoTime}), if cached. */
    record Key(long id, AesKey aes, long selected) {
    }

    /** The id of a subject's key that was deleted. */
    private record Gone(UUID subjectId, long keyId) {
    }

    /**
     * @return the subject to forget
     * @throws IllegalArgumentException naming it if it is {@link #CHECK_SUBJECT}
     */
    public static UUID forgettable(UUID subjectId) {
        if (subjectId.equals(CHECK_SUBJECT)) {
            throw new IllegalArgumentException("Subject " + subjectId + " is reserved: it names no subject of"
                    + " personal data");
        }
        return subjectId;
    }

    private SubjectKeys(AesKey[] wrapping, String cipherKey, int cacheSize, long ttlNanos,
                        DataKeyRecorder recorder) {
        this.wrapping = wrapping;
        this.cipherKey = cipherKey;
        this.cacheSize = cacheSize;
        this.ttlNanos = ttlNanos;
        this.recorder = recorder;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Key> eldest) {
                if (size() > cacheSize) {
                    eldest.getValue().aes().release();
                    return true;
                }
                return false;
            }
        };
        this.gone = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Gone, Boolean> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * @param masterKeys the master key's bytes, then those of previous master keys; none if no master key is set
     * @param cipherKey  the master key's name as set, for errors
     * @param cacheSize  how many unwrapped keys to keep
     * @param ttlMillis  how long to keep each
     */
    public static SubjectKeys create(List<byte[]> masterKeys, String cipherKey, int cacheSize, long ttlMillis) {
        AesKey[] wrapping = new AesKey[masterKeys.size()];
        for (int i = 0; i < wrapping.length; i++) {
            wrapping[i] = new AesKey(derive(masterKeys.get(i)));
        }
        return new SubjectKeys(wrapping, cipherKey, cacheSize, ttlMillis * 1_000_000, null);
    }

    /** @return these keys, stored by that recorder, with a cache of their own */
    public SubjectKeys storedIn(DataKeyRecorder recorder) {
        return new SubjectKeys(wrapping, cipherKey, cacheSize, ttlNanos, recorder);
    }

    /** @return how long an unwrapped key is cached, in nanoseconds: 0 if none is */
    public long cacheNanos() {
        return cacheSize == 0 ? 0 : ttlNanos;
    }

    /** Drops the subject's key from the cache. */
    public void evict(UUID subjectId) {
        Key evicted;
        synchronized (cache) {
            evicted = cache.remove(subjectId);
        }
        if (evicted != null) {
            evicted.aes().release();
        }
    }

    /**
     * @param underState whether the states are then encrypted whole with AES-GCM, which authenticates their sealed
     *                   values: those are then encrypted with AES-CTR, not AES-GCM again
     * @return a batch for the events of one save: it creates each missing key once and lists the new ones
     */
    public Writing writing(boolean underState) {
        return new Writing(underState);
    }

    /** The keys the events of one save use, and those created for them. Not thread-safe: one per save. */
    public final class Writing {
        private final boolean underState;
        /** Created on first need: most saves hold no personal data. */
        private Map<UUID, Key> used;
        private List<DataKey> created;
        private List<AesKey> made;
        private UUID lastSubject;
        private Key lastKey;

        private Writing(boolean underState) {
            this.underState = underState;
        }

        /** @return whether the state is then encrypted whole with AES-GCM */
        boolean underState() {
            return underState;
        }

        /** @return the data keys created for this save's events, to be stored with them */
        public List<DataKey> created() {
            return created == null ? List.of() : List.copyOf(created);
        }

        /**
         * Ends the save's use of its keys: the keys created for it are not cached (the save may roll back; a read
         * selects them once stored), so their ciphers go to the spares, for the next save's new keys.
         */
        public void finish() {
            if (made != null) {
                made.forEach(AesKey::release);
            }
        }

        Key key(UUID subjectId, Class<?> type, UUID originatorId, int originatorVersion) {
            if (subjectId.equals(CHECK_SUBJECT)) {
                throw new IllegalArgumentException(("Version %d of aggregate %s names subject %s, which is reserved:"
                        + " a subject of personal data needs another id").formatted(originatorVersion, originatorId,
                        subjectId));
            }
            if (subjectId.equals(lastSubject)) {
                return lastKey;             // the events of a save are mostly of one subject
            }
            if (used == null) {
                used = new HashMap<>(4);
                created = new ArrayList<>(1);
                made = new ArrayList<>(1);
            }
            Key key = used.get(subjectId);
            if (key == null) {
                key = stored(subjectId, type, originatorId, originatorVersion);
                if (key == null) {
                    byte[] random = new byte[AesKey.ID_BYTES + KEY_BYTES];
                    RANDOM.nextBytes(random);
                    key = new Key(ByteBuffer.wrap(random).getLong(),
                            new AesKey(Arrays.copyOfRange(random, AesKey.ID_BYTES, random.length)), 0);
                    Arrays.fill(random, (byte) 0);
                    created.add(new DataKey(subjectId, wrap(subjectId, key)));
                    made.add(key.aes());
                }
                used.put(subjectId, key);
            }
            lastSubject = subjectId;
            lastKey = key;
            return key;
        }
    }

    /**
     * @param underState whether the states were decrypted whole with AES-GCM, which authenticated them: only then
     *                   are values encrypted with AES-CTR read
     * @return a memo for the events of one read (an aggregate's): it looks each subject's key up once
     */
    public Reading reading(boolean underState) {
        return new Reading(underState);
    }

    /**
     * The key the events of one read were last sealed with: an aggregate's events are mostly of one subject, sealed
     * with one key, which is then looked up (in the cache, under its lock) once per read, not once per event. Not
     * thread-safe: one per read.
     */
    public final class Reading {
        private final boolean underState;
        private UUID subjectId;
        private long keyId;
        /** {@code null} with a subject: its key is gone. */
        private Key key;

        private Reading(boolean underState) {
            this.underState = underState;
        }

        /** @return whether the state was decrypted whole with AES-GCM */
        boolean underState() {
            return underState;
        }

        Key sealedWith(UUID subjectId, long keyId, Class<?> type, UUID originatorId, int originatorVersion) {
            if (keyId != this.keyId || !subjectId.equals(this.subjectId)) {
                key = SubjectKeys.this.sealedWith(subjectId, keyId, type, originatorId, originatorVersion);
                this.subjectId = subjectId;
                this.keyId = keyId;
            }
            return key;
        }
    }

    /**
     * @return the subject's stored key, or {@code null} if it has none
     * @throws DecryptionException naming the aggregate and subject if the stored key cannot be unwrapped
     */
    private Key stored(UUID subjectId, Class<?> type, UUID originatorId, int originatorVersion) {
        check(type);
        synchronized (cache) {
            Key key = cache.get(subjectId);
            if (key != null && fresh(key)) {
                return key;
            }
        }
        return load(subjectId, originatorId, originatorVersion);
    }

    /**
     * @param keyId the id of the key that sealed a value of the subject's
     * @return that key, or {@code null} if it was deleted (its subject forgotten)
     * @throws DecryptionException naming the aggregate and subject if the stored key cannot be unwrapped
     */
    Key sealedWith(UUID subjectId, long keyId, Class<?> type, UUID originatorId, int originatorVersion) {
        check(type);
        Gone deleted;
        synchronized (cache) {
            Key key = cache.get(subjectId);
            if (key != null && key.id() == keyId && fresh(key)) {
                return key;
            }
            deleted = new Gone(subjectId, keyId);
            if (gone.containsKey(deleted)) {
                return null;
            }
        }
        // Not cached, expired, or the cache holds another key: the subject may have been forgotten (and given a new
        // key) since, by this process or another.
        Key key = load(subjectId, originatorId, originatorVersion);
        if (key != null && key.id() == keyId) {
            return key;
        }
        if (cacheSize > 0) {
            synchronized (cache) {
                gone.put(deleted, Boolean.TRUE);
            }
        }
        return null;
    }

    private boolean fresh(Key key) {
        return System.nanoTime() - key.selected() < ttlNanos;
    }

    /** Selects the subject's key, unwraps it and caches it; {@code null} if it has none. */
    private Key load(UUID subjectId, UUID originatorId, int originatorVersion) {
        Optional<byte[]> wrapped = recorder.selectDataKey(subjectId);
        if (wrapped.isEmpty()) {
            return null;
        }
        Key key = unwrap(subjectId, wrapped.get(), originatorId, originatorVersion);
        if (cacheSize == 0) {
            key.aes().release();            // used by this read or save only: its cipher then goes to the spares
        } else {
            Key replaced;
            synchronized (cache) {
                replaced = cache.put(subjectId, key);
            }
            if (replaced != null) {
                replaced.aes().release();
            }
        }
        return key;
    }

    /**
     * @throws ConfigurationException naming the master key and the class if no master key is set
     * @throws IllegalStateException  naming the class if the persistence keeps no data keys
     */
    void check(Class<?> type) {
        if (wrapping.length == 0) {
            throw new ConfigurationException(cipherKey, ("%s has @PersonalData components: set %s to a base64 AES key"
                    + " of 16, 24 or 32 bytes (openssl rand -base64 32), which wraps the data keys that encrypt them")
                    .formatted(type.getName(), cipherKey));
        }
        if (recorder == null) {
            throw new IllegalStateException(type.getName() + " has @PersonalData components, and this application's"
                    + " persistence keeps no data keys (its recorder is no DataKeyRecorder)");
        }
    }

    /**
     * Seals a snapshot's state whole, with a key derived from the data keys of every subject whose personal data the
     * aggregate holds, so that forgetting any of them makes it unreadable:
     * {@code {"subjects":[["<uuid>",<key id>],...],"sealed":"<base64 of nonce, ciphertext and tag>"}}, the aggregate's
     * id and version as associated data.
     *
     * @throws IllegalStateException naming the aggregate and subject if a subject has no key (it was forgotten since
     *                               the aggregate was read): nothing of it may be stored
     */
    public byte[] sealSnapshot(byte[] state, Set<UUID> subjects, Class<?> type, UUID id, int version) {
        List<UUID> sorted = new ArrayList<>(subjects);
        Collections.sort(sorted);
        Key[] used = new Key[sorted.size()];
        JsonOut out = new JsonOut(state.length + 64 + 64 * used.length);
        out.write(SNAPSHOT);
        for (int i = 0; i < used.length; i++) {
            used[i] = stored(sorted.get(i), type, id, version);
            if (used[i] == null) {
                throw new IllegalStateException(("Cannot snapshot aggregate %s: it holds personal data of subject %s,"
                        + " which is forgotten; get the aggregate again").formatted(id, sorted.get(i)));
            }
            out.writeAscii((i == 0 ? "[\"" : ",[\"") + sorted.get(i) + "\"," + used[i].id() + "]");
        }
        out.writeAscii("],\"sealed\":\"");
        AesKey combined = combine(sorted, used);
        byte[] sealed = combined.encrypt(0, snapshotAad(id, version), state, 0, state.length);
        combined.release();
        out.writeAscii(Base64.getEncoder().encodeToString(sealed));
        out.writeAscii("\"}");
        return out.toByteArray();
    }

    /** @return whether the snapshot state is sealed by {@link #sealSnapshot} */
    public static boolean isSealedSnapshot(byte[] state) {
        return Arrays.equals(state, 0, Math.min(state.length, SNAPSHOT.length), SNAPSHOT, 0, SNAPSHOT.length);
    }

    /** A sealed snapshot opened: its state and the subjects it holds personal data of. */
    public record OpenedSnapshot(byte[] state, Set<UUID> subjects) {
    }

    /**
     * @return the snapshot {@link #sealSnapshot} sealed, or {@code null} if a subject's key is gone (forgotten)
     * @throws DecryptionException naming the aggregate if the snapshot or a key was changed
     */
    public OpenedSnapshot openSnapshot(byte[] state, Class<?> type, UUID id, int version) {
        List<UUID> subjects = new ArrayList<>();
        List<Key> used = new ArrayList<>();
        byte[] sealed;
        try {
            JsonIn in = new JsonIn(state, SNAPSHOT.length, state.length);
            if (!in.consume(']')) {
                do {
                    in.expect('[');
                    UUID subject = UUID.fromString(in.readString());
                    in.expect(',');
                    Key key = sealedWith(subject, in.readLong(), type, id, version);
                    in.expect(']');
                    if (key == null) {
                        return null;
                    }
                    subjects.add(subject);
                    used.add(key);
                } while (in.consume(','));
                in.expect(']');
            }
            in.expect(',');
            in.readString();
            in.expect(':');
            sealed = Base64.getDecoder().decode(in.readString());
            in.expect('}');
            in.expectEnd();
            AesKey.keyId(sealed, true);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw snapshotUnreadable(id, version, e);
        }
        try {
            AesKey combined = combine(subjects, used.toArray(new Key[0]));
            byte[] opened = combined.decrypt(snapshotAad(id, version), sealed);
            combined.release();
            return new OpenedSnapshot(opened, Set.copyOf(subjects));
        } catch (GeneralSecurityException e) {
            throw snapshotUnreadable(id, version, e);
        }
    }

    private static DecryptionException snapshotUnreadable(UUID id, int version, Exception e) {
        return new DecryptionException(id, version, ("Cannot read the snapshot of aggregate %s at version %d: its"
                + " personal data cannot be decrypted (%s: changed)").formatted(id, version, e.getMessage()), e);
    }

    /** The key of a snapshot: HMAC-SHA256 chained over the subjects' keys, so that it needs every one of them. */
    private static AesKey combine(List<UUID> subjects, Key[] keys) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] derived = new byte[KEY_BYTES];
            for (int i = 0; i < keys.length; i++) {
                mac.init(new SecretKeySpec(keys[i].aes().bytes(), "HmacSHA256"));
                mac.update(derived);
                derived = mac.doFinal(ByteBuffer.allocate(16).putLong(subjects.get(i).getMostSignificantBits())
                        .putLong(subjects.get(i).getLeastSignificantBits()).array());
            }
            return new AesKey(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no HmacSHA256", e);
        }
    }

    private static byte[] snapshotAad(UUID id, int version) {
        return ByteBuffer.allocate(20).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .putInt(version).array();
    }

    private byte[] wrap(UUID subjectId, Key key) {
        byte[] plain = key.aes().bytes();
        return wrapping[0].encrypt(key.id(), wrapAad(subjectId, key.id()), plain, 0, plain.length);
    }

    private Key unwrap(UUID subjectId, byte[] wrapped, UUID originatorId, int originatorVersion) {
        try {
            long id = AesKey.keyId(wrapped, true);
            byte[] bytes = decrypt(wrapAad(subjectId, id), wrapped).plain();
            if (bytes.length != KEY_BYTES) {
                throw new GeneralSecurityException("not a 256-bit key");
            }
            return new Key(id, new AesKey(bytes), System.nanoTime());
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(originatorId, originatorVersion, ("Cannot read version %d of aggregate %s:"
                    + " the data key of subject %s cannot be unwrapped (%s: changed, or wrapped by another key);"
                    + " check %s").formatted(originatorVersion, originatorId, subjectId, e.getMessage(), cipherKey),
                    e);
        }
    }

    /** What a master key unwrapped, and which: 0 the current one, 1 the first previous one, and so on. */
    private record Unwrapped(byte[] plain, int by) {
    }

    /**
     * @return the wrapped bytes unwrapped by the first master key that can
     * @throws GeneralSecurityException if none can: they were changed, or another key wrapped them
     */
    private Unwrapped decrypt(byte[] aad, byte[] wrapped) throws GeneralSecurityException {
        GeneralSecurityException refused = null;
        for (int i = 0; i < wrapping.length; i++) {
            try {
                return new Unwrapped(wrapping[i].decrypt(aad, wrapped), i);
            } catch (GeneralSecurityException e) {
                refused = e;
            }
        }
        throw refused;
    }

    /**
     * Checks that the master key, or one of the previous ones, wrapped the data keys stored: by the check value that
     * the first application with a master key stored with them. Stores it if there is none yet. Does nothing without
     * a master key.
     *
     * @throws ConfigurationException naming the master key if neither it nor a previous key wrapped the check value
     */
    public void checkMasterKey() {
        if (wrapping.length == 0 || recorder == null) {
            return;
        }
        Optional<byte[]> stored = recorder.selectDataKey(CHECK_SUBJECT);
        if (stored.isEmpty()) {
            try {
                recorder.insertEvents(List.of(), List.of(), List.of(new DataKey(CHECK_SUBJECT, checkValue())),
                        List.of());
                return;
            } catch (IntegrityException another) {
                // Another process stored one first: it is checked as any other.
                stored = recorder.selectDataKey(CHECK_SUBJECT);
                if (stored.isEmpty()) {
                    throw another;
                }
            }
        }
        if (unwrappedBy(CHECK_SUBJECT, stored.get()) < 0) {
            throw new ConfigurationException(cipherKey, ("%s is not the master key that wrapped the data keys this"
                    + " application stored (their check value does not open with it, nor with a previous key): set"
                    + " %s to that key; to change it, set the new key and list the old one in %s, then call"
                    + " Application.rewrapDataKeys()").formatted(cipherKey, cipherKey, previousKeys()));
        }
    }

    /** @return the name of the previous keys' setting, beside the master key's as set */
    private String previousKeys() {
        return cipherKey.substring(0, cipherKey.length() - "key".length()) + "previous-keys";
    }

    private byte[] checkValue() {
        return wrapping[0].encrypt(0, wrapAad(CHECK_SUBJECT, 0), CHECK_PLAIN, 0, CHECK_PLAIN.length);
    }

    /** @return which master key unwraps the wrapped bytes (0 the current one), or -1 if none can */
    private int unwrappedBy(UUID subjectId, byte[] wrapped) {
        try {
            return decrypt(wrapAad(subjectId, AesKey.keyId(wrapped, true)), wrapped).by();
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /**
     * Wraps every stored data key that a previous master key wrapped, and the check value, anew under the current
     * master key, without reading or writing an event. A key replaced or deleted meanwhile (its subject forgotten) is
     * left as it is now. Afterwards the previous keys are no longer needed for the data keys.
     *
     * @return how many subjects' keys it wrapped anew
     * @throws ConfigurationException naming the master key if none is set
     * @throws IllegalStateException  naming the subject if neither the master key nor a previous one unwraps its key
     *                                (the keys before it are wrapped anew already), or if the persistence keeps no
     *                                data keys
     */
    public int rewrap() {
        if (wrapping.length == 0) {
            throw new ConfigurationException(cipherKey, "Cannot wrap data keys anew without a master key: set "
                    + cipherKey + " to the new key, and " + previousKeys() + " to the old ones");
        }
        if (recorder == null) {
            throw new IllegalStateException("Cannot wrap data keys anew: this application's persistence keeps none"
                    + " (its recorder is no DataKeyRecorder)");
        }
        int rewrapped = 0;
        UUID after = null;
        List<DataKey> batch;
        do {
            batch = recorder.selectDataKeys(after, REWRAP_BATCH);
            List<DataKeyRecorder.Rewrapped> replacements = new ArrayList<>();
            for (DataKey stored : batch) {
                UUID subject = stored.subjectId();
                after = subject;
                if (subject.equals(CHECK_SUBJECT)) {
                    continue;               // last, once every key is wrapped anew
                }
                byte[] wrapped = stored.wrapped();
                try {
                    long id = AesKey.keyId(wrapped, true);
                    Unwrapped unwrapped = decrypt(wrapAad(subject, id), wrapped);
                    if (unwrapped.by() > 0) {
                        byte[] plain = unwrapped.plain();
                        replacements.add(new DataKeyRecorder.Rewrapped(subject, wrapped,
                                wrapping[0].encrypt(id, wrapAad(subject, id), plain, 0, plain.length)));
                    }
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(("Cannot wrap the data key of subject %s anew: neither %s nor"
                            + " a key of %s unwraps it (%s: changed, or wrapped by another key)")
                            .formatted(subject, cipherKey, previousKeys(), e.getMessage()), e);
                }
            }
            if (!replacements.isEmpty()) {
                rewrapped += recorder.rewrapDataKeys(replacements);
            }
        } while (batch.size() == REWRAP_BATCH);
        Optional<byte[]> check = recorder.selectDataKey(CHECK_SUBJECT);
        if (check.isPresent() && unwrappedBy(CHECK_SUBJECT, check.get()) != 0) {
            recorder.rewrapDataKeys(List.of(new DataKeyRecorder.Rewrapped(CHECK_SUBJECT, check.get(), checkValue())));
        }
        return rewrapped;
    }

    private static byte[] wrapAad(UUID subjectId, long keyId) {
        return ByteBuffer.allocate(16 + AesKey.ID_BYTES).putLong(subjectId.getMostSignificantBits())
                .putLong(subjectId.getLeastSignificantBits()).putLong(keyId).array();
    }

    /** The wrapping key: HMAC-SHA256 of a label under the master key, so that it is not the key that encrypts states. */
    private static byte[] derive(byte[] masterKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal("eventsourcing data key wrapping".getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no HmacSHA256", e);
        }
    }
}
