package io.eventsourcing.serialization.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.serialization.DecryptionException;
import io.eventsourcing.serialization.Transcoder;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;

import java.io.ByteArrayInputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The default transcoder: a JSON object {@code {"timestamp":"...","originatorTopic":"...","payload":{...}}} whose
 * payload is the event record as JSON-B writes it. Records of plain kinds go through {@link RecordJson} (the same
 * JSON, written and read directly); others, such as records with JSON-B annotations or adapters, through JSON-B
 * (Yasson), created on first need. It writes the envelope itself in this key order and reads that form without a
 * second parse; other key orders are read through a general JSON parse. A record with {@link
 * io.eventsourcing.domain.Upcast} methods is at a version above 1, written as {@code "classVersion":N} before the
 * payload; a payload stored at an older version is upcast ({@link Upcasters}) before it is read.
 */
public final class JsonTranscoder implements Transcoder {

    /** Why a state cannot be read as JSON, and what to check: a state read without its cipher or compressor. */
    static final String NOT_JSON = "its state is not a JSON object (if it was stored compressed or encrypted, check "
            + Settings.COMPRESSOR + " and " + Settings.CIPHER_KEY + ")";

    /** Marks a state whose personal data is sealed before its JSON ({@link #besides}): JSON starts with '{'. */
    private static final byte SEALED = 0;
    /** The marker, the aggregate id and the version, and the subject's flag. */
    private static final int HEADER = 1 + 16 + 4 + 1;
    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":\"");
    private static final byte[] ORIGINATOR_TOPIC = ascii("\",\"originatorTopic\":\"");
    private static final byte[] PAYLOAD = ascii("\",\"payload\":");
    private static final byte[] CLASS_VERSION = ascii("\",\"classVersion\":");
    private static final byte[] VERSIONED_PAYLOAD = ascii(",\"payload\":");

    private final LazyJsonb jsonb = new LazyJsonb();

    /**
     * {@inheritDoc}
     *
     * @throws io.eventsourcing.config.ConfigurationException naming the cipher key if the payload has
     *                                                         {@link io.eventsourcing.domain.PersonalData}: that
     *                                                         needs the mapper's data keys
     */
    @Override
    public byte[] encode(DomainEvent event) {
        return encode(event, null);
    }

    /**
     * @param keys the data keys of the save's subjects; {@code null} while the save has no personal data (an event
     *             that has some then fails naming the cipher key)
     * @return the event's state, its personal data sealed with the subjects' data keys
     */
    public byte[] encode(DomainEvent event, SubjectKeys.Writing keys) {
        return encode(event, PayloadType.of(event.payload().getClass()), keys);
    }

    /**
     * @param type the payload's, {@link PayloadType#of} it
     * @param keys where to find or make the data keys of the event's personal data; {@code null} if it has none
     */
    public byte[] encode(DomainEvent event, PayloadType type, SubjectKeys.Writing keys) {
        JsonOut out = new JsonOut(128);
        out.write(TIMESTAMP);
        out.writeInstant(event.timestamp());
        if (event.originatorTopic() != null) {
            out.write(ORIGINATOR_TOPIC);
            // Topics are Java binary class names: no character in them needs escaping in JSON.
            out.write(event.originatorTopic().getBytes(StandardCharsets.UTF_8));
        }
        Record payload = event.payload();
        int classVersion = type.upcasters().version();
        if (classVersion > 1) {
            out.write(CLASS_VERSION);
            out.write(Integer.toString(classVersion).getBytes(StandardCharsets.US_ASCII));
            out.write(VERSIONED_PAYLOAD);
        } else {
            out.write(PAYLOAD);
        }
        PersonalFields personal = type.personal();
        PersonalFields.Sealed sealed = null;
        if (personal.isEmpty()) {
            writePayload(out, payload, type.codec());
        } else if (type.personalMarks() != null) {
            JsonOut marked = new JsonOut(64);
            boolean first = type.codec().write(out, marked, type.personalMarks(), payload);
            sealed = personal.seal(out, first, marked.size() == 0 ? null : marked, payload,
                    keys == null ? SubjectKeys.NONE.writing(false) : keys, event.originatorId(),
                    event.originatorVersion());
        } else {
            JsonOut plain = new JsonOut(64);
            writePayload(plain, payload, type.codec());
            sealed = personal.seal(out, plain.buffer(), plain.size(), payload,
                    keys == null ? SubjectKeys.NONE.writing(false) : keys,
                    event.originatorId(), event.originatorVersion());
        }
        out.write('}');
        return sealed == null ? out.toByteArray() : besides(sealed, event, out);
    }

    /**
     * @return the state with its personal data sealed before the JSON: {@value #SEALED}; the event's aggregate id
     *         (16 bytes) and version (4), which the state's encryption authenticates, so that a state moved to
     *         another event is refused; 1 if a subject's id (16 bytes) follows, else 0; the length of the sealed
     *         bytes (4); the sealed bytes; the JSON
     */
    private static byte[] besides(PersonalFields.Sealed sealed, DomainEvent event, JsonOut json) {
        int length = sealed.to() - sealed.from();
        UUID subject = sealed.subject();
        byte[] state = new byte[HEADER + (subject == null ? 0 : 16) + 4 + length + json.size()];
        ByteBuffer out = ByteBuffer.wrap(state).put(SEALED)
                .putLong(event.originatorId().getMostSignificantBits())
                .putLong(event.originatorId().getLeastSignificantBits()).putInt(event.originatorVersion())
                .put((byte) (subject == null ? 0 : 1));
        if (subject != null) {
            out.putLong(subject.getMostSignificantBits()).putLong(subject.getLeastSignificantBits());
        }
        out.putInt(length).put(sealed.bytes(), sealed.from(), length).put(json.buffer(), 0, json.size());
        return state;
    }

    private void writePayload(JsonOut out, Record payload, RecordJson codec) {
        if (codec != null) {
            codec.write(out, payload);
        } else {
            out.writeJson(jsonb.get().toJson(payload));     // not to a stream: its UTF-8 encoder loses surrogates
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.eventsourcing.config.ConfigurationException naming the cipher key if the state holds sealed
     *                                                         personal data: that needs the mapper's data keys
     */
    @Override
    public DomainEvent decode(UUID originatorId, int originatorVersion, Class<? extends Record> payloadType,
                              byte[] state) {
        return decode(originatorId, originatorVersion, payloadType, state, SubjectKeys.NONE.reading(false));
    }

    /**
     * @param keys the keys of the read this event is part of (an aggregate's events): each subject's looked up once
     * @return the domain event, its personal data opened with the subjects' data keys
     */
    public DomainEvent decode(UUID originatorId, int originatorVersion, Class<? extends Record> payloadType,
                              byte[] state, SubjectKeys.Reading keys) {
        int base = 0;
        PersonalFields.Sealed sealed = null;
        if (state.length > 0 && state[0] == SEALED) {
            if (!keys.underState()) {
                // Nothing authenticates it here: only a state that AES-GCM decrypted whole may hold it.
                throw new DecryptionException(originatorId, originatorVersion, ("Cannot read version %d of aggregate"
                        + " %s: its personal data is sealed for a state encrypted whole, and this state was not"
                        + " decrypted (changed, or read with %s=false?)").formatted(originatorVersion, originatorId,
                        Settings.CIPHER_ENCRYPT_STATES), null);
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(state, 1, state.length - 1);
                UUID id = new UUID(in.getLong(), in.getLong());
                int version = in.getInt();
                if (version != originatorVersion || !id.equals(originatorId)) {
                    throw new DecryptionException(originatorId, originatorVersion, ("Cannot read version %d of"
                            + " aggregate %s: its state holds the personal data of version %d of aggregate %s (moved"
                            + " from another event)").formatted(originatorVersion, originatorId, version, id), null);
                }
                UUID subject = in.get() == 0 ? null : new UUID(in.getLong(), in.getLong());
                int length = in.getInt();
                base = in.position() + length;
                if (length < 0 || base > state.length) {
                    throw new BufferUnderflowException();
                }
                sealed = new PersonalFields.Sealed(subject, state, in.position(), base);
            } catch (BufferUnderflowException e) {
                throw new IllegalStateException(("Cannot read version %d of aggregate %s: its sealed personal data is"
                        + " cut short").formatted(originatorVersion, originatorId), e);
            }
        }
        int p = base + TIMESTAMP.length;
        int end = startsWith(state, base, TIMESTAMP) ? indexOf(state, p, (byte) '"') : -1;
        if (end < 0) {
            return decodeGeneral(originatorId, originatorVersion, payloadType, state, base, sealed, keys);
        }
        Instant timestamp = JsonIn.parseInstant(state, p, end);
        if (timestamp == null) {
            timestamp = Instant.parse(new String(state, p, end - p, StandardCharsets.ISO_8859_1));
        }
        String originatorTopic = null;
        if (startsWith(state, end, ORIGINATOR_TOPIC)) {
            p = end + ORIGINATOR_TOPIC.length;
            end = indexOf(state, p, (byte) '"');
            if (end < 0) {
                return decodeGeneral(originatorId, originatorVersion, payloadType, state, base, sealed, keys);
            }
            originatorTopic = new String(state, p, end - p, StandardCharsets.UTF_8);
        }
        int classVersion = 1;
        if (startsWith(state, end, CLASS_VERSION)) {
            p = end + CLASS_VERSION.length;
            classVersion = 0;
            while (p < state.length && state[p] >= '0' && state[p] <= '9') {
                classVersion = classVersion * 10 + (state[p++] - '0');
            }
            if (!startsWith(state, p, VERSIONED_PAYLOAD) || state[state.length - 1] != '}') {
                return decodeGeneral(originatorId, originatorVersion, payloadType, state, base, sealed, keys);
            }
            p += VERSIONED_PAYLOAD.length;
        } else if (startsWith(state, end, PAYLOAD) && state[state.length - 1] == '}') {
            p = end + PAYLOAD.length;
        } else {
            return decodeGeneral(originatorId, originatorVersion, payloadType, state, base, sealed, keys);
        }
        Record payload = payload(state, p, state.length - 1, payloadType, originatorId, originatorVersion,
                classVersion, sealed, keys);
        return new DomainEvent(originatorId, originatorVersion, timestamp, originatorTopic, payload);
    }

    private DomainEvent decodeGeneral(UUID originatorId, int originatorVersion, Class<? extends Record> payloadType,
                                      byte[] state, int base, PersonalFields.Sealed sealed,
                                      SubjectKeys.Reading keys) {
        JsonObject object;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(state, base, state.length - base))) {
            object = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot read version %d of aggregate %s: %s"
                    .formatted(originatorVersion, originatorId, NOT_JSON), e);
        }
        JsonValue payload = object.get("payload");
        if (!(object.get("timestamp") instanceof JsonString timestamp) || payload == null) {
            throw new IllegalStateException(("Cannot read version %d of aggregate %s: its state lacks"
                    + " \"timestamp\" or \"payload\"").formatted(originatorVersion, originatorId));
        }
        String originatorTopic = object.get("originatorTopic") instanceof JsonString s ? s.getString() : null;
        int classVersion = object.get("classVersion") instanceof JsonNumber n ? n.intValue() : 1;
        byte[] json = JsonOut.utf8(payload.toString());
        Record record = payload(json, 0, json.length, payloadType, originatorId, originatorVersion, classVersion,
                sealed, keys);
        return new DomainEvent(originatorId, originatorVersion, Instant.parse(timestamp.getString()), originatorTopic,
                record);
    }

    private Record payload(byte[] bytes, int from, int to, Class<? extends Record> type, UUID originatorId,
                           int originatorVersion, int classVersion, PersonalFields.Sealed sealed,
                           SubjectKeys.Reading keys) {
        try {
            PayloadType payloadType = PayloadType.of(type);
            Upcasters upcasters = payloadType.upcasters();
            PersonalFields personal = payloadType.personal();
            // Upcasters see personal data opened: an older version may have had some.
            if (sealed != null || !personal.isEmpty() || classVersion != upcasters.version()) {
                JsonOut opened = personal.unseal(bytes, from, to, sealed, keys, originatorId, originatorVersion);
                bytes = opened.buffer();
                from = 0;
                to = opened.size();
            }
            if (classVersion != upcasters.version()) {
                JsonObject old;
                try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes, from, to - from))) {
                    old = reader.readObject();
                }
                byte[] upcast = JsonOut.utf8(upcasters.upcast(old, classVersion).toString());
                bytes = upcast;
                from = 0;
                to = upcast.length;
            }
            RecordJson codec = payloadType.codec();
            if (codec != null) {
                return codec.read(bytes, from, to);
            }
            return jsonb.get().fromJson(new ByteArrayInputStream(bytes, from, to - from), type);
        } catch (DecryptionException e) {
            throw e;
        } catch (JsonbException | JsonException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("Cannot read version %d of aggregate %s as %s: %s"
                    .formatted(originatorVersion, originatorId, type.getName(), e.getMessage()), e);
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

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
