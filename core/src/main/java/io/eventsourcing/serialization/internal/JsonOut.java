package io.eventsourcing.serialization.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/** A growable byte buffer that writes JSON tokens as UTF-8, without intermediate strings where it can. */
final class JsonOut {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final long SECONDS_PER_DAY = 86_400;

    private byte[] bytes;
    private int size;

    JsonOut(int capacity) {
        bytes = new byte[capacity];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** @return the buffer, valid up to {@link #size()} until the next write */
    byte[] buffer() {
        return bytes;
    }

    int size() {
        return size;
    }

    /** Writes the bytes as base64 (RFC 4648, padded, as {@link java.util.Base64#getEncoder()} does), unquoted. */
    void writeBase64(byte[] b, int from, int to) {
        int n = to - from;
        ensure((n + 2) / 3 * 4);
        byte[] out = bytes;
        int o = size;
        int i = from;
        for (int full = from + n / 3 * 3; i < full; i += 3) {
            int v = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
            out[o++] = BASE64[v >>> 18];
            out[o++] = BASE64[(v >>> 12) & 0x3f];
            out[o++] = BASE64[(v >>> 6) & 0x3f];
            out[o++] = BASE64[v & 0x3f];
        }
        if (i < to) {
            int v = (b[i] & 0xff) << 16 | (i + 1 < to ? (b[i + 1] & 0xff) << 8 : 0);
            out[o++] = BASE64[v >>> 18];
            out[o++] = BASE64[(v >>> 12) & 0x3f];
            out[o++] = i + 1 < to ? BASE64[(v >>> 6) & 0x3f] : (byte) '=';
            out[o++] = '=';
        }
        size = o;
    }

    void write(int b) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) b;
    }

    void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** Writes {@code "name":}, the name's UTF-8 bytes needing no escape. */
    void writeName(byte[] name) {
        ensure(name.length + 3);
        bytes[size++] = '"';
        System.arraycopy(name, 0, bytes, size, name.length);
        size += name.length;
        bytes[size++] = '"';
        bytes[size++] = ':';
    }

    /** @return where the {@code n} bytes the caller then writes into {@link #buffer()} go (the size before them) */
    int reserve(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    void write(byte[] b, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(b, from, bytes, size, n);
        size += n;
    }

    /** Writes characters that are known to be ASCII and need no escaping. */
    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /**
     * Writes a JSON string: quoted, escaped as JSON-P escapes it, UTF-8 encoded; an unpaired surrogate, which UTF-8
     * cannot encode, as a JSON unicode escape (backslash, {@code u}, four hex digits), which JSON readers decode.
     */
    void writeString(String s) {
        int n = s.length();
        ensure(n + 2);
        bytes[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (size == bytes.length) {
                    grow(1);
                }
                bytes[size++] = (byte) c;
            } else if (c < 0x80) {
                writeEscaped(c);
            } else {
                writeNonAscii(s, i, true);      // the rest, from the first character that is not ASCII
                return;
            }
        }
        write('"');
    }

    /**
     * Writes JSON text as JSON-P writes it (JSON-B's output, {@code JsonValue.toString()}) in UTF-8. JSON-P leaves an
     * unpaired surrogate as it is, which UTF-8 cannot encode (the JDK's encoder makes it {@code ?}): it is written
     * as a JSON unicode escape, which is right where it stands, as only a string can hold one.
     */
    void writeJson(String json) {
        writeNonAscii(json, 0, false);
    }

    /** @return the JSON text in UTF-8, as {@link #writeJson} writes it */
    static byte[] utf8(String json) {
        JsonOut out = new JsonOut(json.length() + 16);
        out.writeJson(json);
        return out.toByteArray();
    }

    /**
     * Writes {@code s} from {@code from} in UTF-8, escaping unpaired surrogates; if {@code quoted}, also what JSON-P
     * escapes in a string, and the closing quote.
     */
    private void writeNonAscii(String s, int from, boolean quoted) {
        int n = s.length();
        int start = from;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (quoted && (c < 0x20 || c == '"' || c == '\\')) {
                writeUtf8(s, start, i);
                writeEscaped(c);
                start = i + 1;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;                        // a pair: one code point, which UTF-8 encodes
                } else {
                    writeUtf8(s, start, i);
                    writeUnicodeEscape(c);
                    start = i + 1;
                }
            }
        }
        writeUtf8(s, start, n);
        if (quoted) {
            write('"');
        }
    }

    /** Encodes {@code s[from..to)}, which holds no unpaired surrogate, in UTF-8 (the JDK's encoder is fastest). */
    private void writeUtf8(String s, int from, int to) {
        if (to > from) {
            write(s.substring(from, to).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void writeEscaped(char c) {
        switch (c) {
            case '"' -> writeTwo('\\', '"');
            case '\\' -> writeTwo('\\', '\\');
            case '\n' -> writeTwo('\\', 'n');
            case '\r' -> writeTwo('\\', 'r');
            case '\t' -> writeTwo('\\', 't');
            case '\b' -> writeTwo('\\', 'b');
            case '\f' -> writeTwo('\\', 'f');
            default -> writeUnicodeEscape(c);
        }
    }

    private void writeTwo(char a, char b) {
        ensure(2);
        bytes[size++] = (byte) a;
        bytes[size++] = (byte) b;
    }

    private void writeUnicodeEscape(char c) {
        ensure(6);
        bytes[size++] = '\\';
        bytes[size++] = 'u';
        bytes[size++] = HEX[(c >> 12) & 0xF];
        bytes[size++] = HEX[(c >> 8) & 0xF];
        bytes[size++] = HEX[(c >> 4) & 0xF];
        bytes[size++] = HEX[c & 0xF];
    }

    void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            bytes[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        size = end;
    }

    /**
     * Writes an instant as {@code Instant.toString()} does (ISO-8601, fraction in groups of three digits, omitted
     * when zero), directly for years 0 to 9999.
     */
    void writeInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        if (day < -719_528 || day > 2_932_896) {    // outside 0000-01-01 .. 9999-12-31
            writeAscii(instant.toString());
            return;
        }
        ensure(30);
        writeDate(LocalDate.ofEpochDay(day));
        bytes[size++] = 'T';
        twoDigits(secondOfDay / 3600);
        bytes[size++] = ':';
        twoDigits(secondOfDay / 60 % 60);
        bytes[size++] = ':';
        twoDigits(secondOfDay % 60);
        int nanos = instant.getNano();
        if (nanos != 0) {
            bytes[size++] = '.';
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            for (int i = size + digits - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += digits;
        }
        bytes[size++] = 'Z';
    }

    /** Writes a date as {@code LocalDate.toString()} does, directly for years 0 to 9999. */
    void writeDate(LocalDate date) {
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            writeAscii(date.toString());
            return;
        }
        ensure(10);
        twoDigits(year / 100);
        twoDigits(year % 100);
        bytes[size++] = '-';
        twoDigits(date.getMonthValue());
        bytes[size++] = '-';
        twoDigits(date.getDayOfMonth());
    }

    private void twoDigits(int v) {
        bytes[size++] = (byte) ('0' + v / 10);
        bytes[size++] = (byte) ('0' + v % 10);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            grow(more);
        }
    }

    private void grow(int more) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
