package io.eventsourcing.serialization.internal;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.domain.internal.AggregateFields.StateField;
import io.eventsourcing.domain.internal.AggregateFields;
import io.eventsourcing.domain.internal.AggregateType;
import io.eventsourcing.serialization.internal.RecordJson.ValueCodec;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A snapshot's state as JSON: {@code {"createdOn":"...","modifiedOn":"...","state":{"field":value, ...}}}, every
 * instance field of the aggregate ({@link AggregateFields}) as JSON-B (Yasson) writes it for its declared type; with
 * {@code "classVersion":N} when the aggregate class has {@link io.eventsourcing.domain.Upcast} methods, which bring
 * the {@code "state"} object of an older snapshot up to the class's version before it is read. Fields of the kinds
 * {@link RecordJson} handles are written and read by it (the same JSON, without JSON-B), the others by Yasson; a
 * snapshot whose fields are all of those kinds, at the class's version, is read in one pass. Read back into a
 * blank aggregate: a field the snapshot lacks keeps the value the no-arg constructor gave it; a collection or map
 * the constructor made receives the snapshot's elements, so it keeps its own class (a {@code TreeMap} stays
 * sorted). Thread-safe.
 */
public final class SnapshotJson {

    private static final byte[][] ENVELOPE = names(List.of("createdOn", "modifiedOn", "classVersion", "state"));
    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return new Plan(type.asSubclass(Aggregate.class));
        }
    };

    private final LazyJsonb jsonb = new LazyJsonb();

    /** The fields of one aggregate class, each with its codec ({@code null}: Yasson), resolved once. */
    private static final class Plan {
        final List<StateField> fields;
        final byte[][] names;
        final ValueCodec[] codecs;
        final boolean allFast;
        final int classVersion;

        Plan(Class<? extends Aggregate> type) {
            fields = AggregateFields.of(type).fields();
            names = names(fields.stream().map(StateField::name).toList());
            codecs = new ValueCodec[fields.size()];
            boolean fast = true;
            for (int i = 0; i < codecs.length; i++) {
                codecs[i] = RecordJson.value(fields.get(i).type());
                fast &= codecs[i] != null;
            }
            allFast = fast;
            classVersion = Upcasters.of(type).version();
        }
    }

    /** @return the aggregate's state */
    public byte[] encode(Aggregate aggregate) {
        Plan plan = PLANS.get(aggregate.getClass());
        JsonOut out = new JsonOut(256);
        out.writeAscii("{\"createdOn\":\"");
        out.writeInstant(aggregate.createdOn());
        out.writeAscii("\",\"modifiedOn\":\"");
        out.writeInstant(aggregate.modifiedOn());
        out.write('"');
        if (plan.classVersion > 1) {
            out.writeAscii(",\"classVersion\":");
            out.writeLong(plan.classVersion);
        }
        out.writeAscii(",\"state\":{");
        for (int i = 0; i < plan.codecs.length; i++) {
            StateField field = plan.fields.get(i);
            if (i > 0) {
                out.write(',');
            }
            out.write('"');
            out.write(plan.names[i]);
            out.writeAscii("\":");
            Object value = get(field, aggregate);
            try {
                if (plan.codecs[i] != null) {
                    plan.codecs[i].write(out, value);
                } else if (value == null) {
                    out.writeAscii("null");
                } else {
                    out.writeJson(jsonb.get().toJson(value, field.type()));
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(("Cannot snapshot aggregate %s (%s): cannot write its field %s (%s):"
                        + " %s; make it a type JSON-B writes, or mark it transient").formatted(aggregate.id(),
                        aggregate.getClass().getName(), field.name(), field.type().getTypeName(), e.getMessage()), e);
            }
        }
        out.writeAscii("}}");
        return out.toByteArray();
    }

    /** @return the aggregate the snapshot holds, at its version */
    public Aggregate decode(Class<? extends Aggregate> type, UUID id, int version, byte[] state) {
        Plan plan = PLANS.get(type);
        if (plan.allFast) {
            Aggregate aggregate = decodeFast(plan, type, id, version, state);
            if (aggregate != null) {
                return aggregate;
            }
        }
        return decodeGeneral(plan, type, id, version, state);
    }

    /** One pass with the fields' codecs; {@code null} if the snapshot needs upcasting or has an unexpected form. */
    private static Aggregate decodeFast(Plan plan, Class<? extends Aggregate> type, UUID id, int version,
                                        byte[] state) {
        Instant createdOn = null;
        Instant modifiedOn = null;
        int classVersion = 1;
        Object[] values = null;
        boolean[] present = null;
        try {
            JsonIn in = new JsonIn(state, 0, state.length);
            in.expect('{');
            int next = 0;
            do {
                int k = in.readName(ENVELOPE, next);
                in.expect(':');
                switch (k) {
                    case 0 -> createdOn = in.readInstant();
                    case 1 -> modifiedOn = in.readInstant();
                    case 2 -> classVersion = (int) in.readLong();
                    case 3 -> {
                        if (classVersion != plan.classVersion) {
                            return null;        // to be upcast (or "classVersion" comes after "state")
                        }
                        values = new Object[plan.codecs.length];
                        present = new boolean[plan.codecs.length];
                        readFields(in, plan, values, present);
                    }
                    default -> in.skipValue();
                }
                next = k + 1;
            } while (in.consume(','));
            in.expect('}');
            in.expectEnd();
        } catch (RuntimeException unexpected) {
            return null;                        // the general reader says what is wrong
        }
        if (createdOn == null || modifiedOn == null || values == null) {
            return null;
        }
        Aggregate aggregate = AggregateType.of(type).newBlank();
        AggregateAccess.get().restore(aggregate, id, version, createdOn, modifiedOn);
        for (int i = 0; i < values.length; i++) {
            if (present[i]) {
                set(plan.fields.get(i), aggregate, values[i]);
            }
        }
        return aggregate;
    }

    private static void readFields(JsonIn in, Plan plan, Object[] values, boolean[] present) {
        in.expect('{');
        if (in.consume('}')) {
            return;
        }
        int next = 0;
        do {
            int k = in.readName(plan.names, next);
            in.expect(':');
            if (k < 0) {
                in.skipValue();     // a field removed since the snapshot was taken
            } else {
                values[k] = plan.codecs[k].read(in);
                present[k] = true;
                next = k + 1;
            }
        } while (in.consume(','));
        in.expect('}');
    }

    private Aggregate decodeGeneral(Plan plan, Class<? extends Aggregate> type, UUID id, int version, byte[] state) {
        JsonObject object;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(state))) {
            object = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot read the snapshot of aggregate %s at version %d: %s"
                    .formatted(id, version, JsonTranscoder.NOT_JSON), e);
        }
        if (!(object.get("createdOn") instanceof JsonString createdOn)
                || !(object.get("modifiedOn") instanceof JsonString modifiedOn)
                || !(object.get("state") instanceof JsonObject fields)) {
            throw new IllegalStateException(("Cannot read the snapshot of aggregate %s at version %d: it lacks"
                    + " \"createdOn\", \"modifiedOn\" or \"state\"").formatted(id, version));
        }
        int stored = object.get("classVersion") instanceof JsonNumber n ? n.intValue() : 1;
        try {
            fields = Upcasters.of(type).upcast(fields, stored);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot read the snapshot of aggregate %s at version %d: %s"
                    .formatted(id, version, e.getMessage()), e);
        }
        Aggregate aggregate = AggregateType.of(type).newBlank();
        AggregateAccess.get().restore(aggregate, id, version, Instant.parse(createdOn.getString()),
                Instant.parse(modifiedOn.getString()));
        for (int i = 0; i < plan.fields.size(); i++) {
            StateField field = plan.fields.get(i);
            JsonValue value = fields.get(field.name());
            if (value == null) {
                continue;           // a field added since the snapshot was taken: as the constructor left it
            }
            Object decoded;
            try {
                decoded = value == JsonValue.NULL ? null : plan.codecs[i] != null
                        ? read(plan.codecs[i], JsonOut.utf8(value.toString()))
                        : jsonb.get().fromJson(value.toString(), field.type());
            } catch (RuntimeException e) {
                throw new IllegalStateException(("Cannot read the snapshot of aggregate %s at version %d: field %s of"
                        + " %s: %s").formatted(id, version, field.name(), type.getName(), e.getMessage()), e);
            }
            set(field, aggregate, decoded);
        }
        return aggregate;
    }

    private static Object read(ValueCodec codec, byte[] json) {
        JsonIn in = new JsonIn(json, 0, json.length);
        Object value = codec.read(in);
        in.expectEnd();
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void set(StateField field, Aggregate aggregate, Object decoded) {
        Object current = get(field, aggregate);
        try {
            if (current instanceof Collection c && decoded instanceof Collection d) {
                c.clear();
                c.addAll(d);
                return;
            }
            if (current instanceof Map m && decoded instanceof Map d) {
                m.clear();
                m.putAll(d);
                return;
            }
        } catch (UnsupportedOperationException immutable) {
            // the constructor's collection cannot change: replace it
        }
        try {
            field.setter().invokeExact(aggregate, decoded);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private static Object get(StateField field, Aggregate aggregate) {
        try {
            return (Object) field.getter().invokeExact(aggregate);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private static byte[][] names(List<String> names) {
        byte[][] bytes = new byte[names.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
