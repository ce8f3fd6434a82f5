package io.eventsourcing.serialization.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads JSON tokens from UTF-8 bytes for the record codecs. Strict about structure, lenient about whitespace; every
 * error names the position. Not thread-safe: one per read.
 */
final class JsonIn {

    private final byte[] b;
    private final int end;
    private int pos;

    JsonIn(byte[] bytes, int from, int to) {
        this.b = bytes;
        this.pos = from;
        this.end = to;
    }

    /** @return the index of the next byte to read */
    int position() {
        return pos;
    }

    /** Reads on from that index, which {@link #position()} returned. */
    void reset(int position) {
        pos = position;
    }

    /** @return the next non-whitespace byte, not consumed, or -1 at the end */
    int peek() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            pos++;
        }
        return -1;
    }

    void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** Consumes {@code c} if it is next. */
    boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes {@code null} if it is next. */
    boolean consumeNull() {
        if (peek() == 'n') {
            literal("null");
            return true;
        }
        return false;
    }

    boolean readBoolean() {
        int c = peek();
        if (c == 't') {
            literal("true");
            return true;
        }
        if (c == 'f') {
            literal("false");
            return false;
        }
        throw error("expected true or false");
    }

    private void literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            throw error("expected " + word);
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw error("expected " + word);
            }
        }
        pos += n;
    }

    /**
     * Consumes a property name and matches it against the candidates (UTF-8 bytes), trying {@code hint} first.
     *
     * @return the index of the matching candidate, or -1 if none matches
     */
    int readName(byte[][] candidates, int hint) {
        expect('"');
        int start = pos;
        int close = start;
        while (close < end && b[close] != '"') {
            if (b[close] == '\\') {
                // Escaped names are rare: decode and compare as strings.
                pos = start - 1;
                String name = readString();
                for (int i = 0; i < candidates.length; i++) {
                    if (name.equals(new String(candidates[i], StandardCharsets.UTF_8))) {
                        return i;
                    }
                }
                return -1;
            }
            close++;
        }
        if (close == end) {
            throw error("unterminated string");
        }
        pos = close + 1;
        int length = close - start;
        if (hint >= 0 && hint < candidates.length && matches(candidates[hint], start, length)) {
            return hint;
        }
        for (int i = 0; i < candidates.length; i++) {
            if (matches(candidates[i], start, length)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matches(byte[] name, int start, int length) {
        if (name.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name[i] != b[start + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Skips a string without decoding it.
     *
     * @return whether it holds an escape (its bytes between the quotes are not its value)
     */
    boolean skipString() {
        expect('"');
        boolean escaped = false;
        for (int i = pos; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                pos = i + 1;
                return escaped;
            }
            if (c == '\\') {
                escaped = true;
                i++;
            }
        }
        throw error("unterminated string");
    }

    /** Skips a value; a string without decoding it. */
    void skipValueFast() {
        if (peek() == '"') {
            skipString();
        } else {
            skipValue();
        }
    }

    String readString() {
        expect('"');
        int start = pos;
        int i = start;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                pos = i + 1;
                return new String(b, start, i - start, StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                return readEscapedString(start, i);
            }
            i++;
        }
        throw error("unterminated string");
    }

    private String readEscapedString(int start, int firstEscape) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(firstEscape - start + 16);
        out.write(b, start, firstEscape - start);
        StringBuilder text = new StringBuilder();
        int i = firstEscape;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                pos = i + 1;
                text.append(out.toString(StandardCharsets.UTF_8));
                return text.toString();
            }
            if (c != '\\') {
                out.write(c);
                i++;
                continue;
            }
            if (i + 1 >= end) {
                break;
            }
            byte e = b[i + 1];
            i += 2;
            char decoded;
            switch (e) {
                case '"' -> decoded = '"';
                case '\\' -> decoded = '\\';
                case '/' -> decoded = '/';
                case 'b' -> decoded = '\b';
                case 'f' -> decoded = '\f';
                case 'n' -> decoded = '\n';
                case 'r' -> decoded = '\r';
                case 't' -> decoded = '\t';
                case 'u' -> {
                    if (i + 4 > end) {
                        throw error("bad \\u escape");
                    }
                    decoded = (char) Integer.parseInt(new String(b, i, 4, StandardCharsets.US_ASCII), 16);
                    i += 4;
                }
                default -> throw error("bad escape \\" + (char) e);
            }
            // Flush the UTF-8 bytes so far, then the escaped char (which may be half of a surrogate pair).
            text.append(out.toString(StandardCharsets.UTF_8)).append(decoded);
            out.reset();
        }
        throw error("unterminated string");
    }

    /** Consumes a number token. */
    private int numberEnd() {
        peek();
        int i = pos;
        while (i < end) {
            byte c = b[i];
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                i++;
            } else {
                break;
            }
        }
        if (i == pos) {
            throw error("expected a number");
        }
        return i;
    }

    long readLong() {
        int stop = numberEnd();
        int i = pos;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        if (stop - i > 0 && stop - i <= 18) {
            long v = 0;
            boolean plain = true;
            for (int k = i; k < stop; k++) {
                byte c = b[k];
                if (c < '0' || c > '9') {
                    plain = false;
                    break;
                }
                v = v * 10 + (c - '0');
            }
            if (plain) {
                pos = stop;
                return negative ? -v : v;
            }
        }
        String token = token(stop);
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            // Written as 1.0 or 1E3: accept when it is an exact integer.
            return new java.math.BigDecimal(token).longValueExact();
        }
    }

    double readDouble() {
        return Double.parseDouble(token(numberEnd()));
    }

    java.math.BigDecimal readBigDecimal() {
        return new java.math.BigDecimal(token(numberEnd()));
    }

    private String token(int stop) {
        String token = new String(b, pos, stop - pos, StandardCharsets.US_ASCII);
        pos = stop;
        return token;
    }

    /** Reads an instant in {@code Instant.toString()} form directly, other ISO-8601 forms through the JDK. */
    Instant readInstant() {
        expect('"');
        int start = pos;
        int close = start;
        while (close < end && b[close] != '"') {
            close++;
        }
        if (close == end) {
            throw error("unterminated string");
        }
        pos = close + 1;
        Instant fast = parseInstant(b, start, close);
        return fast != null ? fast : Instant.parse(new String(b, start, close - start, StandardCharsets.US_ASCII));
    }

    LocalDate readDate() {
        return LocalDate.parse(readString());
    }

    /** @return the instant in {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} form, or {@code null} if it has another form */
    static Instant parseInstant(byte[] s, int from, int to) {
        int n = to - from;
        if (n < 20 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':' || s[to - 1] != 'Z') {
            return null;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23
                || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        int i = from + 19;
        if (i < to - 1) {
            if (s[i] != '.' || to - 1 - (i + 1) < 1 || to - 1 - (i + 1) > 9) {
                return null;
            }
            int fraction = to - 1 - (i + 1);
            nanos = digits(s, i + 1, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int k = fraction; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static int digits(byte[] s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Skips any value (for properties the record does not have). */
    void skipValue() {
        int c = peek();
        switch (c) {
            case '"' -> readString();
            case '{' -> {
                pos++;
                if (!consume('}')) {
                    do {
                        readString();
                        expect(':');
                        skipValue();
                    } while (consume(','));
                    expect('}');
                }
            }
            case '[' -> {
                pos++;
                if (!consume(']')) {
                    do {
                        skipValue();
                    } while (consume(','));
                    expect(']');
                }
            }
            case 't', 'f' -> readBoolean();
            case 'n' -> literal("null");
            default -> pos = numberEnd();
        }
    }

    /** @throws IllegalArgumentException unless only whitespace is left */
    void expectEnd() {
        if (peek() != -1) {
            throw error("unexpected content after the value");
        }
    }

    IllegalArgumentException error(String what) {
        return new IllegalArgumentException("Invalid JSON at byte " + pos + ": " + what);
    }
}
