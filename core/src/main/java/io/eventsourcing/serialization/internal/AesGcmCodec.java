package io.eventsourcing.serialization.internal;

import io.eventsourcing.serialization.Codec;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts states with AES-GCM ({@code eventsourcing.cipher.key}): a 12-byte nonce, then the ciphertext
 * with its 16-byte tag, so a state changed or read with another key is refused. States that previous keys
 * ({@code eventsourcing.cipher.previous-keys}) encrypted are decrypted with them. Nonces are the thread's count from a
 * random start, as {@link AesKey} draws them for data keys: unique as random nonces are, without a call to
 * {@link java.security.SecureRandom} per state. Thread-safe: one cipher per thread.
 */
public final class AesGcmCodec implements Codec {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no AES/GCM/NoPadding", e);
        }
    });

    private final SecretKeySpec key;
    /** Keys that encrypted states before {@link #key}: they only decrypt. */
    private final SecretKeySpec[] previous;

    /** @param keys the key that encrypts, then those that only decrypt; 16, 24 or 32 bytes each */
    public AesGcmCodec(List<byte[]> keys) {
        SecretKeySpec[] specs = new SecretKeySpec[keys.size()];
        for (int i = 0; i < specs.length; i++) {
            byte[] key = keys.get(i);
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + key.length);
            }
            specs[i] = new SecretKeySpec(key, "AES");
        }
        this.key = specs[0];
        this.previous = Arrays.copyOfRange(specs, 1, specs.length);
    }

    @Override
    public byte[] encode(byte[] data) {
        byte[] out = new byte[NONCE_BYTES + data.length + TAG_BITS / 8];
        AesKey.nonce(out, 0);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, 0, NONCE_BYTES));
            cipher.doFinal(data, 0, data.length, out, NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with AES-GCM: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decode(byte[] data) {
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("the state is too short to be AES-GCM data");
        }
        try {
            return decode(key, data);
        } catch (GeneralSecurityException e) {
            for (SecretKeySpec older : previous) {
                try {
                    return decode(older, data);
                } catch (GeneralSecurityException another) {
                    e.addSuppressed(another);
                }
            }
            throw new IllegalArgumentException("the state cannot be decrypted with this key"
                    + (previous.length == 0 ? "" : " nor a previous one") + " (another key, or changed data)", e);
        }
    }

    private static byte[] decode(SecretKeySpec key, byte[] data) throws GeneralSecurityException {
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
        return cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
    }
}
