package io.eventsourcing.persistence.internal;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.internal.AggregateAccess;
import io.eventsourcing.domain.internal.AggregateFields;
import io.eventsourcing.domain.internal.AggregateFields.StateField;
import io.eventsourcing.domain.internal.AggregateType;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.ByteArrayInputStream;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * A snapshot's state as JSON: {@code {"createdOn":"...","modifiedOn":"...","state":{"field":value, ...}}}, every
 * instance field of the aggregate ({@link AggregateFields}) written by JSON-B (Yasson) for its declared type; with
 * {@code "classVersion":N} when the aggregate class has {@link io.eventsourcing.domain.Upcast} methods, which bring
 * the {@code "state"} object of an older snapshot up to the class's version before it is read. Read back into a
 * blank aggregate: a field the snapshot lacks keeps the value the no-arg constructor gave it; a
 * collection or map the constructor made receives the snapshot's elements, so it keeps its own class (a
 * {@code TreeMap} stays sorted). Thread-safe.
 */
public final class SnapshotJson {

    private volatile Jsonb jsonb;

    /** @return the aggregate's state */
    public byte[] encode(Aggregate aggregate) {
        Jsonb json = jsonb();
        StringBuilder out = new StringBuilder(256).append("{\"createdOn\":\"").append(aggregate.createdOn())
                .append("\",\"modifiedOn\":\"").append(aggregate.modifiedOn()).append('"');
        int classVersion = Upcasters.of(aggregate.getClass()).version();
        if (classVersion > 1) {
            out.append(",\"classVersion\":").append(classVersion);
        }
        out.append(",\"state\":{");
        boolean first = true;
        for (StateField field : AggregateFields.of(aggregate.getClass()).fields()) {
            Object value = get(field, aggregate);
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(field.name()).append("\":");
            try {
                out.append(value == null ? "null" : json.toJson(value, field.type()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot snapshot aggregate %s (%s): JSON-B cannot write its field %s"
                        + " (%s): %s; make it a type JSON-B writes, or mark it transient".formatted(aggregate.id(),
                        aggregate.getClass().getName(), field.name(), field.type().getTypeName(), e.getMessage()), e);
            }
        }
        return out.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the aggregate the snapshot holds, at its version */
    public Aggregate decode(Class<? extends Aggregate> type, UUID id, int version, byte[] state) {
        JsonObject object;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(state))) {
            object = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot read the snapshot of aggregate %s at version %d: its state is not"
                    + " a JSON object".formatted(id, version), e);
        }
        if (!(object.get("createdOn") instanceof JsonString createdOn)
                || !(object.get("modifiedOn") instanceof JsonString modifiedOn)
                || !(object.get("state") instanceof JsonObject fields)) {
            throw new IllegalStateException("Cannot read the snapshot of aggregate %s at version %d: it lacks"
                    + " \"createdOn\", \"modifiedOn\" or \"state\"".formatted(id, version));
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
        Jsonb json = jsonb();
        for (StateField field : AggregateFields.of(type).fields()) {
            JsonValue value = fields.get(field.name());
            if (value == null) {
                continue;           // a field added since the snapshot was taken: as the constructor left it
            }
            Object decoded;
            try {
                decoded = value == JsonValue.NULL ? null : json.fromJson(value.toString(), field.type());
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot read the snapshot of aggregate %s at version %d: field %s of"
                        + " %s: %s".formatted(id, version, field.name(), type.getName(), e.getMessage()), e);
            }
            set(field, aggregate, decoded);
        }
        return aggregate;
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

    private Jsonb jsonb() {
        Jsonb j = jsonb;
        if (j == null) {
            synchronized (this) {
                j = jsonb;
                if (j == null) {
                    j = JsonbBuilder.create();
                    jsonb = j;
                }
            }
        }
        return j;
    }
}
