package io.eventsourcing.serialization.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JsonOut#writeBase64} against the JDK's encoder, and {@link JsonIn#skipString}. */
class JsonOutTest {

    @Test
    void writesBase64AsTheJdkEncoderDoes() {
        Random random = new Random(14);
        for (int n = 0; n < 100; n++) {
            byte[] data = new byte[n + 3];
            random.nextBytes(data);
            JsonOut out = new JsonOut(1);
            out.write('"');
            out.writeBase64(data, 2, 2 + n);
            byte[] expected = ("\"" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, 2, 2 + n)))
                    .getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(expected, out.toByteArray(), "length " + n);
            assertEquals(expected.length, out.size());
        }
    }

    @Test
    void skipsStrings() {
        byte[] json = "\"ab\\\"c\",\"plain\"".getBytes(StandardCharsets.UTF_8);
        JsonIn in = new JsonIn(json, 0, json.length);
        assertTrue(in.skipString());
        assertEquals(7, in.position());
        in.expect(',');
        assertFalse(in.skipString());
        assertEquals(json.length, in.position());
    }
}
