package io.eventsourcing.serialization.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AesGcmCodec}'s states are a nonce, then the JDK's AES-GCM ciphertext and tag with it; its nonces, counted per
 * thread, are never used twice, across threads and with {@link AesKey}'s.
 */
class AesGcmCodecTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATE = "{\"name\":\"Fido\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_state_is_its_nonce_then_the_jdk_aes_gcm_of_it_and_decodes_back() throws Exception {
        AesGcmCodec codec = new AesGcmCodec(List.of(KEY));

        byte[] state = codec.encode(STATE);

        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, state, 0, 12));
        assertThat(jdk.doFinal(state, 12, state.length - 12)).isEqualTo(STATE);
        assertThat(state).hasSize(12 + STATE.length + 16);
        assertThat(codec.decode(state)).isEqualTo(STATE);
        state[20] ^= 1;
        assertThatThrownBy(() -> codec.decode(state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void no_nonce_is_used_twice_by_four_threads_nor_by_the_codec_and_a_data_key() throws Exception {
        AesGcmCodec codec = new AesGcmCodec(List.of(KEY));
        AesKey dataKey = new AesKey(KEY);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ByteBuffer>>> drawn = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                drawn.add(threads.submit(() -> {
                    List<ByteBuffer> nonces = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        nonces.add(ByteBuffer.wrap(codec.encode(STATE), 0, 12).slice());
                        byte[] sealed = dataKey.encryptCtr(1, STATE, 0, STATE.length);
                        nonces.add(ByteBuffer.wrap(sealed, AesKey.ID_BYTES, AesKey.NONCE_BYTES).slice());
                    }
                    return nonces;
                }));
            }
            Set<ByteBuffer> seen = new HashSet<>();
            for (Future<List<ByteBuffer>> nonces : drawn) {
                seen.addAll(nonces.get());
            }
            assertThat(seen).hasSize(4 * 2 * 2_000);
        } finally {
            threads.shutdownNow();
        }
    }
}
