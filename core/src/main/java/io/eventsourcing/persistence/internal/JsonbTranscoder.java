package io.eventsourcing.persistence.internal;

import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.Transcoder;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The default transcoder: a JSON object {@code {"timestamp":"...","originatorTopic":"...","payload":{...}}} whose
 * payload is the event record as JSON-B (Yasson) writes it. It writes the envelope itself, in this key order, and
 * reads that form without a second parse; other key orders are read through a general JSON parse.
 */
public final class JsonbTranscoder implements Transcoder {

    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":\"");
    private static final byte[] ORIGINATOR_TOPIC = ascii("\",\"originatorTopic\":\"");
    private static final byte[] PAYLOAD = ascii("\",\"payload\":");

    private final Jsonb jsonb;

    public JsonbTranscoder() {
        this.jsonb = JsonbBuilder.create();
    }

    @Override
    public byte[] encode(DomainEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(TIMESTAMP);
        writeAscii(out, event.timestamp().toString());
        if (event.originatorTopic() != null) {
            out.writeBytes(ORIGINATOR_TOPIC);
            // Topics are Java binary class names: no character in them needs escaping in JSON.
            out.writeBytes(event.originatorTopic().getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(PAYLOAD);
        jsonb.toJson(event.payload(), out);
        out.write('}');
        return out.toByteArray();
    }

    @Override
    public DomainEvent decode(UUID originatorId, int originatorVersion, Class<? extends Record> payloadType,
                              byte[] state) {
        int p = TIMESTAMP.length;
        if (!startsWith(state, 0, TIMESTAMP)) {
            return decodeGeneral(originatorId, originatorVersion, payloadType, state);
        }
        int end = indexOf(state, p, (byte) '"');
        if (end < 0) {
            return decodeGeneral(originatorId, originatorVersion, payloadType, state);
        }
        Instant timestamp = Instant.parse(new String(state, p, end - p, StandardCharsets.ISO_8859_1));
        String originatorTopic = null;
        if (startsWith(state, end, ORIGINATOR_TOPIC)) {
            p = end + ORIGINATOR_TOPIC.length;
            end = indexOf(state, p, (byte) '"');
            if (end < 0) {
                return decodeGeneral(originatorId, originatorVersion, payloadType, state);
            }
            originatorTopic = new String(state, p, end - p, StandardCharsets.UTF_8);
        }
        if (!startsWith(state, end, PAYLOAD) || state[state.length - 1] != '}') {
            return decodeGeneral(originatorId, originatorVersion, payloadType, state);
        }
        p = end + PAYLOAD.length;
        Record payload = fromJson(new ByteArrayInputStream(state, p, state.length - 1 - p), payloadType);
        return new DomainEvent(originatorId, originatorVersion, timestamp, originatorTopic, payload);
    }

    private DomainEvent decodeGeneral(UUID originatorId, int originatorVersion, Class<? extends Record> payloadType,
                                      byte[] state) {
        JsonObject object;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(state))) {
            object = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot read version %d of aggregate %s: its state is not a JSON object"
                    .formatted(originatorVersion, originatorId), e);
        }
        JsonValue payload = object.get("payload");
        if (!(object.get("timestamp") instanceof JsonString timestamp) || payload == null) {
            throw new IllegalStateException(("Cannot read version %d of aggregate %s: its state lacks"
                    + " \"timestamp\" or \"payload\"").formatted(originatorVersion, originatorId));
        }
        String originatorTopic = object.get("originatorTopic") instanceof JsonString s ? s.getString() : null;
        Record record = fromJson(new ByteArrayInputStream(payload.toString().getBytes(StandardCharsets.UTF_8)),
                payloadType);
        return new DomainEvent(originatorId, originatorVersion, Instant.parse(timestamp.getString()), originatorTopic,
                record);
    }

    private Record fromJson(ByteArrayInputStream in, Class<? extends Record> type) {
        try {
            return jsonb.fromJson(in, type);
        } catch (JsonbException e) {
            throw new IllegalStateException("Cannot read event " + type.getName() + " from JSON: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, int from, byte b) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            out.write(s.charAt(i));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
