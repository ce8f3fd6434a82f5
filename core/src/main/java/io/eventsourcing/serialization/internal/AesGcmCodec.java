package io.eventsourcing.serialization.internal;

import io.eventsourcing.serialization.Codec;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts states with AES-GCM ({@code eventsourcing.cipher.key}): a random 12-byte nonce, then the ciphertext
 * with its 16-byte tag, so a state changed or read with another key is refused. Thread-safe: one cipher per thread.
 */
public final class AesGcmCodec implements Codec {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no AES/GCM/NoPadding", e);
        }
    });

    private final SecretKeySpec key;

    /** @param key 16, 24 or 32 bytes */
    public AesGcmCodec(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public byte[] encode(byte[] data) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(data.length));
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
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            return cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the state cannot be decrypted with this key (another key, or"
                    + " changed data)", e);
        }
    }
}
