package io.eventsourcing.serialization.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An {@link AesKey}'s AES-CTR is the JDK's {@code AES/CTR/NoPadding} from the counter block nonce || 0, behind the key
 * id and nonce; its AES-GCM refuses a changed byte; and a released key still encrypts and decrypts.
 */
class AesKeyTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long KEY_ID = 0x0102030405060708L;
    private static final int HEADER = AesKey.ID_BYTES + AesKey.NONCE_BYTES;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 100})
    void ctr_writes_the_key_id_the_nonce_and_the_ciphertext_of_the_jdk_aes_ctr_from_counter_zero(int length)
            throws Exception {
        AesKey key = new AesKey(KEY);
        byte[] plain = plain(length);
        byte[] padded = new byte[length + 6];
        System.arraycopy(plain, 0, padded, 3, length);

        byte[] sealed = key.encryptCtr(KEY_ID, padded, 3, 3 + length);

        assertThat(sealed).hasSize(HEADER + length);
        assertThat(ByteBuffer.wrap(sealed).getLong()).isEqualTo(KEY_ID);
        assertThat(AesKey.keyId(sealed, false)).isEqualTo(KEY_ID);
        byte[] nonce = Arrays.copyOfRange(sealed, AesKey.ID_BYTES, HEADER);
        assertThat(Arrays.copyOfRange(sealed, HEADER, sealed.length)).as("SP 800-38A CTR from nonce || 00000000")
                .isEqualTo(jdkCtr(nonce, plain));
        assertThat(opened(key, sealed)).isEqualTo(plain);
        assertThat(opened(new AesKey(KEY), sealed)).as("by another instance of the key").isEqualTo(plain);
    }

    @Test
    void two_encryptions_of_one_value_have_different_nonces_and_ciphertexts() {
        AesKey key = new AesKey(KEY);
        byte[] plain = plain(40);

        byte[] one = key.encryptCtr(KEY_ID, plain, 0, plain.length);
        byte[] two = key.encryptCtr(KEY_ID, plain, 0, plain.length);
        byte[] gcm = key.encrypt(KEY_ID, new byte[0], plain, 0, plain.length);

        assertThat(Arrays.copyOfRange(one, AesKey.ID_BYTES, HEADER))
                .isNotEqualTo(Arrays.copyOfRange(two, AesKey.ID_BYTES, HEADER))
                .as("AES-GCM and AES-CTR draw from one count")
                .isNotEqualTo(Arrays.copyOfRange(gcm, AesKey.ID_BYTES, HEADER));
        assertThat(Arrays.copyOfRange(one, HEADER, one.length)).isNotEqualTo(Arrays.copyOfRange(two, HEADER,
                two.length));
        assertThat(opened(key, one)).isEqualTo(plain);
        assertThat(opened(key, two)).isEqualTo(plain);
    }

    @Test
    void a_ctr_ciphertext_opened_with_another_key_is_not_the_plain_value() {
        byte[] plain = plain(33);
        byte[] sealed = new AesKey(KEY).encryptCtr(KEY_ID, plain, 0, plain.length);
        byte[] other = KEY.clone();
        other[0] ^= 1;

        assertThat(opened(new AesKey(other), sealed)).hasSize(33).isNotEqualTo(plain);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 100})
    void gcm_round_trips_with_its_associated_data_and_refuses_any_flipped_byte(int length) throws Exception {
        AesKey key = new AesKey(KEY);
        byte[] aad = "aggregate and version".getBytes(StandardCharsets.US_ASCII);
        byte[] plain = plain(length);
        byte[] padded = new byte[length + 2];
        System.arraycopy(plain, 0, padded, 1, length);

        byte[] sealed = key.encrypt(KEY_ID, aad, padded, 1, 1 + length);

        assertThat(sealed).hasSize(HEADER + length + AesKey.TAG_BYTES);
        assertThat(AesKey.keyId(sealed, true)).isEqualTo(KEY_ID);
        assertThat(key.decrypt(aad, sealed)).isEqualTo(plain);
        for (int i = AesKey.ID_BYTES; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x10;
            assertThatThrownBy(() -> key.decrypt(aad, changed)).as("byte %d flipped", i)
                    .isInstanceOf(GeneralSecurityException.class);
        }
        byte[] otherAad = aad.clone();
        otherAad[0] ^= 1;
        assertThatThrownBy(() -> key.decrypt(otherAad, sealed)).as("other associated data")
                .isInstanceOf(GeneralSecurityException.class);
        assertThat(key.decrypt(aad, sealed)).as("still readable after the refusals").isEqualTo(plain);
    }

    @Test
    void data_too_short_for_its_header_has_no_key_id() {
        assertThatThrownBy(() -> AesKey.keyId(new byte[HEADER - 1], false))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("AES-CTR");
        assertThatThrownBy(() -> AesKey.keyId(new byte[HEADER + AesKey.TAG_BYTES - 1], true))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("AES-GCM");
    }

    @Test
    void a_released_key_still_encrypts_and_decrypts_and_its_ciphers_serve_another_key() throws Exception {
        AesKey key = new AesKey(KEY);
        byte[] plain = plain(50);
        byte[] aad = {1, 2, 3};
        byte[] ctr = key.encryptCtr(KEY_ID, plain, 0, plain.length);
        byte[] gcm = key.encrypt(KEY_ID, aad, plain, 0, plain.length);

        key.release();
        byte[] otherBytes = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        AesKey other = new AesKey(otherBytes);
        byte[] otherCtr = other.encryptCtr(7, plain, 0, plain.length);

        assertThat(Arrays.copyOfRange(otherCtr, HEADER, otherCtr.length)).as("the spare cipher re-initialised")
                .isEqualTo(jdkCtr(otherBytes, Arrays.copyOfRange(otherCtr, AesKey.ID_BYTES, HEADER), plain));
        assertThat(opened(key, ctr)).isEqualTo(plain);
        assertThat(key.decrypt(aad, gcm)).isEqualTo(plain);
        byte[] again = key.encryptCtr(KEY_ID, plain, 0, plain.length);
        assertThat(Arrays.copyOfRange(again, HEADER, again.length))
                .isEqualTo(jdkCtr(Arrays.copyOfRange(again, AesKey.ID_BYTES, HEADER), plain));
        assertThat(key.decrypt(aad, key.encrypt(KEY_ID, aad, plain, 0, plain.length))).isEqualTo(plain);
        key.release();
        key.release();
        assertThat(opened(key, ctr)).as("released twice").isEqualTo(plain);
        assertThat(opened(other, otherCtr)).isEqualTo(plain);
    }

    private static byte[] jdkCtr(byte[] nonce, byte[] plain) throws GeneralSecurityException {
        return jdkCtr(KEY, nonce, plain);
    }

    /** The JDK's AES-CTR from the initial counter block nonce || 00 00 00 00. */
    private static byte[] jdkCtr(byte[] key, byte[] nonce, byte[] plain) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                new IvParameterSpec(Arrays.copyOf(nonce, 16)));
        return cipher.doFinal(plain);
    }

    private static byte[] plain(int length) {
        byte[] plain = new byte[length];
        new Random(length).nextBytes(plain);
        return plain;
    }

    /** @return {@code sealed}, {@link AesKey#encryptCtr}'s output, decrypted */
    private static byte[] opened(AesKey key, byte[] sealed) {
        byte[] plain = new byte[sealed.length - AesKey.ID_BYTES - AesKey.NONCE_BYTES];
        key.decryptCtr(sealed, 0, sealed.length, plain, 0);
        return plain;
    }
}
