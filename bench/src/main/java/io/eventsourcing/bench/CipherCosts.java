package io.eventsourcing.bench;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What one JCE cipher call costs on a small value, as {@code SubjectKeys} makes them (init, associated data where
 * the mode has it, {@code doFinal}), for the choice of how personal data is sealed: AES-GCM with one key, AES-GCM
 * alternating two keys (the JDK expands a key's schedule again on each change), AES-CTR, ChaCha20-Poly1305. Prints
 * nanoseconds per call for each, six rounds. Settings (system properties): {@code bench.bytes} (80),
 * {@code bench.calls} (300000 per round).
 */
public final class CipherCosts {

    private CipherCosts() {
    }

    public static void main(String[] args) throws GeneralSecurityException {
        int bytes = Integer.getInteger("bench.bytes", 80);
        int calls = Integer.getInteger("bench.calls", 300_000);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretKeySpec aes = new SecretKeySpec(key, "AES");
        SecretKeySpec other = new SecretKeySpec(key.clone(), "AES");
        SecretKeySpec chacha = new SecretKeySpec(key, "ChaCha20");
        byte[] plain = new byte[bytes];
        byte[] out = new byte[bytes + 32];
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        Cipher poly = Cipher.getInstance("ChaCha20-Poly1305");
        byte[] nonce = new byte[12];
        byte[] counter = new byte[16];
        long sink = 0;
        for (int round = 1; round <= 6; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                next(nonce, round, i);
                gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, nonce));
                gcm.updateAAD(nonce);
                sink += gcm.doFinal(plain, 0, bytes, out, 0);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                next(nonce, round, i);
                gcm.init(Cipher.ENCRYPT_MODE, (i & 1) == 0 ? aes : other, new GCMParameterSpec(128, nonce));
                gcm.updateAAD(nonce);
                sink += gcm.doFinal(plain, 0, bytes, out, 0);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                next(counter, round, i);
                ctr.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(counter));
                sink += ctr.doFinal(plain, 0, bytes, out, 0);
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                next(nonce, round, i);
                poly.init(Cipher.ENCRYPT_MODE, chacha, new IvParameterSpec(nonce));
                poly.updateAAD(nonce);
                sink += poly.doFinal(plain, 0, bytes, out, 0);
            }
            long t4 = System.nanoTime();
            System.out.printf("round %d, %d bytes, ns per call: AES-GCM %.0f, AES-GCM two keys %.0f, AES-CTR %.0f,"
                    + " ChaCha20-Poly1305 %.0f%n", round, bytes, (t1 - t0) / (double) calls,
                    (t2 - t1) / (double) calls, (t3 - t2) / (double) calls, (t4 - t3) / (double) calls);
        }
        System.out.println("(" + sink + " bytes)");
    }

    /** A nonce never used before with this key: a cipher refuses to encrypt twice with one. */
    private static void next(byte[] nonce, int round, int i) {
        nonce[0] = (byte) i;
        nonce[1] = (byte) (i >>> 8);
        nonce[2] = (byte) (i >>> 16);
        nonce[3] = (byte) (i >>> 24);
        nonce[4] = (byte) round;
    }
}
