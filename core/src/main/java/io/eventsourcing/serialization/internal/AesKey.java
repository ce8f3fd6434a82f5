package io.eventsourcing.serialization.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AES key with the JCE ciphers kept initialised with it, and what {@link SubjectKeys} encrypts with it: values
 * prefixed by an 8-byte key id and a 12-byte nonce, encrypted with AES-GCM (a 16-byte tag follows) or, where an
 * AES-GCM encryption of the whole state authenticates them already, with AES-CTR.
 *
 * <p>The JDK expands an AES key's schedule whenever a cipher is initialised with another key than its last, which
 * costs more than encrypting a small value (1.4 µs for a 256-bit key on JDK 17, 0.4 µs on JDK 25), and making a
 * cipher costs as much again. So each key keeps one cipher of each kind, lent to one thread at a time; a thread that
 * finds it lent takes a spare and initialises it. A thread holds the AES-ECB cipher of the key it last used until it
 * uses another, so that the values of one read or save take it once. {@link #release} gives a key's ciphers to the
 * spares when the key is no longer used (it leaves the cache, or was made for one save), so that new keys mostly
 * reuse them. AES-CTR is the keystream of SP 800-38A, the AES (ECB) encryption
 * of the counter blocks nonce || 32-bit block number from 0, so that the key's cipher is initialised once, not with
 * each value's counter. Nonces are 12 bytes, random at a thread's first use and then counted up in their last 8:
 * unique within the thread by construction, and across threads and processes as random 12-byte nonces are, without
 * a call to {@link SecureRandom} per value; AES-GCM and AES-CTR, and {@link AesGcmCodec} with the master key, draw
 * from the one count, so that no nonce is used twice. Thread-safe.
 */
final class AesKey {

    static final int ID_BYTES = 8;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final int HEADER = ID_BYTES + NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Nonces> NONCES = ThreadLocal.withInitial(Nonces::new);
    private static final ThreadLocal<Held> HELD = ThreadLocal.withInitial(Held::new);
    private static final Kind GCM = new Kind("AES/GCM/NoPadding", false);
    private static final Kind ECB = new Kind("AES/ECB/NoPadding", true);
    /** Big-endian, so that the counter blocks are nonce || block number as SP 800-38A counts. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final SecretKeySpec spec;
    private final AtomicReference<Cipher> gcm = new AtomicReference<>();
    private final AtomicReference<Cipher> ecb = new AtomicReference<>();
    /** Whether {@link #release} was called: a thread that holds its cipher then gives it to the spares. */
    private volatile boolean released;

    /** @param key 16, 24 or 32 bytes */
    AesKey(byte[] key) {
        this.spec = new SecretKeySpec(key, "AES");
    }

    /** @return a copy of the key's bytes */
    byte[] bytes() {
        return spec.getEncoded();
    }

    /** @return the key id, then a nonce, and plain {@code [from, to)} encrypted with AES-GCM and its tag */
    byte[] encrypt(long keyId, byte[] aad, byte[] plain, int from, int to) {
        byte[] out = header(keyId, to - from + TAG_BYTES);
        Cipher cipher = GCM.take(gcm, spec);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_BYTES * 8, out, ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(aad);
            cipher.doFinal(plain, from, to - from, out, HEADER);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with AES-GCM: " + e.getMessage(), e);
        } finally {
            GCM.give(gcm, cipher);
        }
    }

    /**
     * @param data {@link #encrypt}'s output, at least as long as {@link #keyId} checks
     * @throws GeneralSecurityException if the data was changed, or another key or associated data encrypted it
     */
    byte[] decrypt(byte[] aad, byte[] data) throws GeneralSecurityException {
        Cipher cipher = GCM.take(gcm, spec);
        try {
            cipher.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(TAG_BYTES * 8, data, ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(data, HEADER, data.length - HEADER);
        } finally {
            GCM.give(gcm, cipher);
        }
    }

    /**
     * @return the key id, then a nonce, and plain {@code [from, to)} encrypted with AES-CTR: no tag, for values in a
     *         state that AES-GCM then encrypts whole
     */
    byte[] encryptCtr(long keyId, byte[] plain, int from, int to) {
        byte[] out = header(keyId, to - from);
        ctr(out, 0, plain, from, to - from, out, HEADER);
        return out;
    }

    /**
     * Decrypts {@link #encryptCtr}'s output {@code data[from..to)}, at least {@value #ID_BYTES} +
     * {@value #NONCE_BYTES} bytes, into {@code out} at {@code at}: {@code to - from -} {@value #ID_BYTES} {@code -}
     * {@value #NONCE_BYTES} bytes (whatever the data, which nothing authenticates here).
     */
    void decryptCtr(byte[] data, int from, int to, byte[] out, int at) {
        ctr(data, from, data, from + HEADER, to - from - HEADER, out, at);
    }

    /**
     * XORs {@code length} bytes of input with the keystream of the nonce in {@code header} (after the key id at
     * {@code headerAt}).
     */
    private void ctr(byte[] header, int headerAt, byte[] in, int from, int length, byte[] out, int at) {
        Held held = HELD.get();
        int blocks = (length + 15) >>> 4;
        boolean small = blocks << 4 <= Held.BYTES;
        byte[] counters = small ? held.counters : new byte[blocks << 4];
        long nonceHigh = (long) LONGS.get(header, headerAt + ID_BYTES);
        int nonceLow = (int) INTS.get(header, headerAt + ID_BYTES + 8);
        for (int b = 0; b < blocks; b++) {
            int o = b << 4;
            LONGS.set(counters, o, nonceHigh);
            INTS.set(counters, o + 8, nonceLow);
            INTS.set(counters, o + 12, b);
        }
        byte[] stream = small ? held.stream : new byte[blocks << 4];
        try {
            // Whole blocks without padding: update encrypts them all, and costs less than doFinal.
            held.ecb(this).update(counters, 0, blocks << 4, stream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with AES: " + e.getMessage(), e);
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(out, at + i, (long) LONGS.get(in, from + i) ^ (long) LONGS.get(stream, i));
        }
        for (; i < length; i++) {
            out[at + i] = (byte) (in[from + i] ^ stream[i]);
        }
    }

    /** @return the id of the key that encrypted the data, {@link #encrypt}'s or {@link #encryptCtr}'s output */
    static long keyId(byte[] data, boolean tagged) throws GeneralSecurityException {
        return keyId(data, 0, data.length, tagged);
    }

    /** @return the id of the key that encrypted {@code data[from..to)} */
    static long keyId(byte[] data, int from, int to, boolean tagged) throws GeneralSecurityException {
        if (to - from < HEADER + (tagged ? TAG_BYTES : 0)) {
            throw new GeneralSecurityException("too short to be " + (tagged ? "AES-GCM" : "AES-CTR") + " data");
        }
        return (long) LONGS.get(data, from);
    }

    /** Gives the key's ciphers to the spares: it will not be used again. */
    void release() {
        released = true;
        GCM.spare(gcm.getAndSet(null));
        ECB.spare(ecb.getAndSet(null));
    }

    private static byte[] header(long keyId, int rest) {
        byte[] out = new byte[HEADER + rest];
        ByteBuffer.wrap(out).putLong(keyId);
        nonce(out, ID_BYTES);
        return out;
    }

    /** Writes the thread's next {@value #NONCE_BYTES}-byte nonce into {@code out} at {@code offset}. */
    static void nonce(byte[] out, int offset) {
        NONCES.get().next(out, offset);
    }

    /** Ciphers of one transformation: a key's is lent from its slot; spares are those of released keys. */
    private static final class Kind {
        private final String transformation;
        /** Whether the cipher is initialised once, with the key, rather than per use with a nonce. */
        private final boolean initOnce;
        private final ArrayBlockingQueue<Cipher> spares = new ArrayBlockingQueue<>(64);

        Kind(String transformation, boolean initOnce) {
            this.transformation = transformation;
            this.initOnce = initOnce;
        }

        /** @return the slot's cipher, else a spare or new one initialised with the key */
        Cipher take(AtomicReference<Cipher> slot, SecretKeySpec key) {
            Cipher cipher = slot.getAndSet(null);
            if (cipher != null) {
                return cipher;
            }
            cipher = spares.poll();
            try {
                if (cipher == null) {
                    cipher = Cipher.getInstance(transformation);
                }
                if (initOnce) {
                    cipher.init(Cipher.ENCRYPT_MODE, key);
                }
                return cipher;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This JVM cannot use " + transformation + ": " + e.getMessage(), e);
            }
        }

        /** Puts the cipher back in the slot, or among the spares if another took its place meanwhile. */
        void give(AtomicReference<Cipher> slot, Cipher cipher) {
            if (!slot.compareAndSet(null, cipher)) {
                spare(cipher);
            }
        }

        void spare(Cipher cipher) {
            if (cipher != null) {
                spares.offer(cipher);
            }
        }
    }

    /**
     * The AES-ECB cipher a thread holds: that of the key it last used, kept until it uses another, so that the values
     * of a read or save (mostly of one key) take and give back the key's cipher once, not each. A key released
     * meanwhile is still encrypted with correctly: the cipher is initialised with it.
     */
    private static final class Held {
        private AesKey key;
        private Cipher cipher;
        /** The counter blocks and keystream of values up to this long; longer ones have their own. */
        static final int BYTES = 2048;
        private final byte[] counters = new byte[BYTES];
        private final byte[] stream = new byte[BYTES];

        Cipher ecb(AesKey aes) {
            if (key != aes) {
                if (key != null) {
                    if (key.released) {
                        ECB.spare(cipher);
                    } else {
                        ECB.give(key.ecb, cipher);
                    }
                }
                key = null;                 // if take fails
                cipher = ECB.take(aes.ecb, aes.spec);
                key = aes;
            }
            return cipher;
        }
    }

    /** A thread's nonces. */
    private static final class Nonces {
        private final byte[] prefix = new byte[4];
        private long counter;

        Nonces() {
            byte[] start = new byte[NONCE_BYTES];
            RANDOM.nextBytes(start);
            System.arraycopy(start, 0, prefix, 0, 4);
            counter = ByteBuffer.wrap(start, 4, 8).getLong();
        }

        /** Writes the next nonce into {@code out} at {@code offset}. */
        void next(byte[] out, int offset) {
            System.arraycopy(prefix, 0, out, offset, 4);
            long n = ++counter;
            for (int i = offset + NONCE_BYTES - 1; i >= offset + 4; i--) {
                out[i] = (byte) n;
                n >>>= 8;
            }
        }
    }
}
