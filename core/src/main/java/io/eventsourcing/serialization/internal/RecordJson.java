package io.eventsourcing.serialization.internal;

import io.eventsourcing.serialization.Codec;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes and reads records as JSON directly, with method handles resolved once per record class: the same JSON that
 * JSON-B (Yasson) writes for them (properties in lexicographic order, {@code null} properties omitted), several
 * times faster. It takes the records whose components are all of the kinds below and that carry no JSON-B
 * annotation; {@link #of(Class)} returns {@code null} for the others, which JSON-B handles.
 *
 * <p>Kinds: {@code String}, {@code boolean}, {@code int}, {@code long}, {@code short}, {@code byte}, {@code double},
 * {@code float} and their boxes, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, {@code Instant},
 * {@code LocalDate}, enums, such records, and {@code List}, {@code Set}, {@code Collection} and
 * {@code Map<String, V>} of these.
 */
public final class RecordJson {

    private static final ClassValue<RecordJson> CACHE = new ClassValue<>() {
        @Override
        protected RecordJson computeValue(Class<?> type) {
            Codec codec = codecFor(type, new HashMap<>());
            return codec instanceof RecordCodec record ? new RecordJson(record) : null;
        }
    };

    private final RecordCodec codec;

    private RecordJson(RecordCodec codec) {
        this.codec = codec;
    }

    /** @return the codec of the record class, or {@code null} if JSON-B must handle it */
    public static RecordJson of(Class<?> recordType) {
        return CACHE.get(recordType);
    }

    /** @return the record as JSON */
    public byte[] write(Record value) {
        JsonOut out = new JsonOut(64);
        codec.write(out, value);
        return out.toByteArray();
    }

    void write(JsonOut out, Record value) {
        codec.write(out, value);
    }

    /**
     * @param names JSON names
     * @return which properties, in the order {@link #write(JsonOut, JsonOut, boolean[], Record)} takes, have one of
     *         those names
     */
    boolean[] marks(byte[][] names) {
        boolean[] marks = new boolean[codec.names.length];
        for (int k = 0; k < marks.length; k++) {
            for (byte[] name : names) {
                marks[k] |= Arrays.equals(name, codec.names[k]);
            }
        }
        return marks;
    }

    /**
     * Writes the record as {@link #write(JsonOut, Record)} does, in two parts: the marked properties with a value
     * as a JSON object to {@code marked}, and the others to {@code out} as an object that is left open, to be closed
     * by the caller.
     *
     * @param marks from {@link #marks}
     * @return whether {@code out} holds no property
     */
    boolean write(JsonOut out, JsonOut marked, boolean[] marks, Record value) {
        return codec.write(out, marked, marks, value);
    }

    /** @return the record read from {@code bytes[from..to)} */
    public Record read(byte[] bytes, int from, int to) {
        JsonIn in = new JsonIn(bytes, from, to);
        Record value = (Record) codec.read(in);
        in.expectEnd();
        return value;
    }

    /**
     * @return a codec for values of the type (a field's declared type), written and read as the components of
     *         records are, or {@code null} if JSON-B must handle them
     */
    static ValueCodec value(Type type) {
        Codec codec = codecFor(type, new HashMap<>());
        return codec == null ? null : new ValueCodec(codec);
    }

    /** Writes and reads the values of one declared type, {@code null} as JSON {@code null}. */
    static final class ValueCodec {
        private final Codec codec;

        private ValueCodec(Codec codec) {
            this.codec = codec;
        }

        void write(JsonOut out, Object value) {
            if (value == null) {
                out.writeAscii("null");
            } else {
                codec.write(out, value);
            }
        }

        Object read(JsonIn in) {
            return in.consumeNull() ? null : codec.read(in);
        }
    }

    /** One kind of value: how to write it and read it back. */
    private abstract static class Codec {
        abstract void write(JsonOut out, Object value);

        abstract Object read(JsonIn in);

        /** The value of a primitive component that is absent or null. */
        Object absent() {
            return null;
        }
    }

    private static Codec codecFor(Type type, Map<Class<?>, RecordCodec> records) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class || raw == Collection.class || raw == Set.class) {
                Codec element = codecFor(args[0], records);
                return element == null ? null : new CollectionCodec(element, raw == Set.class);
            }
            if (raw == Map.class && args[0] == String.class) {
                Codec value = codecFor(args[1], records);
                return value == null ? null : new MapCodec(value);
            }
            return null;
        }
        if (!(type instanceof Class<?> c)) {
            return null;
        }
        Codec simple = SIMPLE.get(c);
        if (simple != null) {
            return simple;
        }
        if (c.isEnum() && !hasJsonbAnnotation(c)) {
            return new EnumCodec(c);
        }
        if (c.isRecord()) {
            RecordCodec known = records.get(c);
            if (known != null) {
                return known;
            }
            return RecordCodec.create(c, records);
        }
        return null;
    }

    private static boolean hasJsonbAnnotation(AnnotatedElement element) {
        for (Annotation a : element.getAnnotations()) {
            if (a.annotationType().getPackageName().startsWith("jakarta.json.bind")) {
                return true;
            }
        }
        return false;
    }

    private static final class RecordCodec extends Codec {
        private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

        private byte[][] names;
        private byte[][] keys;          // "name": as written, with the comma before all but the first
        private Codec[] codecs;
        private MethodHandle[] getters; // (Object) Object, in lexicographic order of the names
        private int[] parameterIndex;  // constructor parameter of each property
        private MethodHandle constructor; // (Object[]) Object

        static RecordCodec create(Class<?> type, Map<Class<?>, RecordCodec> records) {
            if (hasJsonbAnnotation(type)) {
                return null;
            }
            RecordComponent[] components = type.getRecordComponents();
            RecordCodec codec = new RecordCodec();
            records.put(type, codec);   // before the components, for records that contain themselves
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                Class<?>[] parameterTypes = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    parameterTypes[i] = components[i].getType();
                }
                Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
                codec.constructor = lookup.unreflectConstructor(canonical)
                        .asSpreader(Object[].class, components.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
                Integer[] order = new Integer[components.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, Comparator.comparing(i -> components[i].getName()));
                int n = components.length;
                codec.names = new byte[n][];
                codec.keys = new byte[n][];
                codec.codecs = new Codec[n];
                codec.getters = new MethodHandle[n];
                codec.parameterIndex = new int[n];
                for (int k = 0; k < n; k++) {
                    RecordComponent component = components[order[k]];
                    if (hasJsonbAnnotation(component) || hasJsonbAnnotation(component.getAccessor())) {
                        records.remove(type);
                        return null;
                    }
                    Codec c = codecFor(component.getGenericType(), records);
                    if (c == null) {
                        records.remove(type);
                        return null;
                    }
                    codec.codecs[k] = c;
                    codec.names[k] = component.getName().getBytes(StandardCharsets.UTF_8);
                    codec.keys[k] = ((k == 0 ? "\"" : ",\"") + component.getName() + "\":")
                            .getBytes(StandardCharsets.UTF_8);
                    codec.getters[k] = lookup.unreflect(component.getAccessor()).asType(GETTER);
                    codec.parameterIndex[k] = order[k];
                }
                return codec;
            } catch (ReflectiveOperationException | RuntimeException e) {
                records.remove(type);
                return null;
            }
        }

        @Override
        void write(JsonOut out, Object value) {
            out.write('{');
            boolean first = true;
            for (int k = 0; k < codecs.length; k++) {
                Object v = get(k, value);
                if (v == null) {
                    continue;   // JSON-B omits null properties
                }
                byte[] key = keys[k];
                if (first && k > 0) {
                    out.writeName(names[k]);
                } else {
                    out.write(key);
                }
                first = false;
                codecs[k].write(out, v);
            }
            out.write('}');
        }

        boolean write(JsonOut out, JsonOut marked, boolean[] marks, Object value) {
            out.write('{');
            boolean first = true;
            boolean firstMarked = true;
            for (int k = 0; k < codecs.length; k++) {
                Object v = get(k, value);
                if (v == null) {
                    continue;   // JSON-B omits null properties
                }
                JsonOut to;
                if (marks[k]) {
                    to = marked;
                    to.write(firstMarked ? '{' : ',');
                    firstMarked = false;
                } else {
                    to = out;
                    if (!first) {
                        to.write(',');
                    }
                    first = false;
                }
                to.writeName(names[k]);
                codecs[k].write(to, v);
            }
            if (!firstMarked) {
                marked.write('}');
            }
            return first;
        }

        private Object get(int k, Object value) {
            try {
                return getters[k].invokeExact(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new UndeclaredThrowableException(t);
            }
        }

        @Override
        Object read(JsonIn in) {
            if (in.consumeNull()) {
                return null;
            }
            Object[] args = new Object[codecs.length];
            in.expect('{');
            int next = 0;
            if (!in.consume('}')) {
                do {
                    int k = in.readName(names, next);
                    in.expect(':');
                    if (k < 0) {
                        in.skipValue();
                    } else {
                        args[parameterIndex[k]] = codecs[k].read(in);
                        next = k + 1;
                    }
                } while (in.consume(','));
                in.expect('}');
            }
            for (int k = 0; k < codecs.length; k++) {
                if (args[parameterIndex[k]] == null) {
                    args[parameterIndex[k]] = codecs[k].absent();
                }
            }
            try {
                return constructor.invokeExact(args);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new UndeclaredThrowableException(t);
            }
        }
    }

    private static final class CollectionCodec extends Codec {
        private final Codec element;
        private final boolean set;

        CollectionCodec(Codec element, boolean set) {
            this.element = element;
            this.set = set;
        }

        @Override
        void write(JsonOut out, Object value) {
            out.write('[');
            boolean first = true;
            for (Object v : (Collection<?>) value) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                if (v == null) {
                    out.writeAscii("null");
                } else {
                    element.write(out, v);
                }
            }
            out.write(']');
        }

        @Override
        Object read(JsonIn in) {
            if (in.consumeNull()) {
                return null;
            }
            Collection<Object> values = set ? new HashSet<>() : new ArrayList<>();
            in.expect('[');
            if (!in.consume(']')) {
                do {
                    values.add(in.consumeNull() ? null : element.read(in));
                } while (in.consume(','));
                in.expect(']');
            }
            return values;
        }
    }

    private static final class MapCodec extends Codec {
        private final Codec value;

        MapCodec(Codec value) {
            this.value = value;
        }

        @Override
        void write(JsonOut out, Object map) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.writeString((String) e.getKey());
                out.write(':');
                if (e.getValue() == null) {
                    out.writeAscii("null");
                } else {
                    value.write(out, e.getValue());
                }
            }
            out.write('}');
        }

        @Override
        Object read(JsonIn in) {
            if (in.consumeNull()) {
                return null;
            }
            Map<String, Object> map = new HashMap<>();
            in.expect('{');
            if (!in.consume('}')) {
                do {
                    String key = in.readString();
                    in.expect(':');
                    map.put(key, in.consumeNull() ? null : value.read(in));
                } while (in.consume(','));
                in.expect('}');
            }
            return map;
        }
    }

    private static final class EnumCodec extends Codec {
        private final Map<String, Object> constants = new HashMap<>();

        EnumCodec(Class<?> type) {
            for (Object constant : type.getEnumConstants()) {
                constants.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        void write(JsonOut out, Object value) {
            out.writeString(((Enum<?>) value).name());
        }

        @Override
        Object read(JsonIn in) {
            if (in.consumeNull()) {
                return null;
            }
            String name = in.readString();
            Object constant = constants.get(name);
            if (constant == null) {
                throw in.error("no constant " + name + " in " + constants.keySet());
            }
            return constant;
        }
    }

    /** A codec of a value that is not a container, written through one of the functions below. */
    private interface Writer {
        void write(JsonOut out, Object value);
    }

    private interface Reader {
        Object read(JsonIn in);
    }

    private static final class SimpleCodec extends Codec {
        private final Writer writer;
        private final Reader reader;
        private final Object absent;

        SimpleCodec(Writer writer, Reader reader, Object absent) {
            this.writer = writer;
            this.reader = reader;
            this.absent = absent;
        }

        @Override
        void write(JsonOut out, Object value) {
            writer.write(out, value);
        }

        @Override
        Object read(JsonIn in) {
            return in.consumeNull() ? null : reader.read(in);
        }

        @Override
        Object absent() {
            return absent;
        }
    }

    private static final Map<Class<?>, Codec> SIMPLE = simpleCodecs();

    private static Map<Class<?>, Codec> simpleCodecs() {
        Map<Class<?>, Codec> codecs = new HashMap<>();
        Codec string = new SimpleCodec((out, v) -> out.writeString((String) v), JsonIn::readString, null);
        codecs.put(String.class, string);
        Writer number = (out, v) -> out.writeLong(((Number) v).longValue());
        Reader readInt = in -> Math.toIntExact(in.readLong());
        codecs.put(int.class, new SimpleCodec(number, readInt, 0));
        codecs.put(Integer.class, new SimpleCodec(number, readInt, null));
        codecs.put(long.class, new SimpleCodec(number, JsonIn::readLong, 0L));
        codecs.put(Long.class, new SimpleCodec(number, JsonIn::readLong, null));
        Reader readShort = in -> (short) in.readLong();
        codecs.put(short.class, new SimpleCodec(number, readShort, (short) 0));
        codecs.put(Short.class, new SimpleCodec(number, readShort, null));
        Reader readByte = in -> (byte) in.readLong();
        codecs.put(byte.class, new SimpleCodec(number, readByte, (byte) 0));
        codecs.put(Byte.class, new SimpleCodec(number, readByte, null));
        Writer decimal = (out, v) -> {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d + ": cannot write it");
            }
            out.writeAscii(v.toString());
        };
        codecs.put(double.class, new SimpleCodec(decimal, JsonIn::readDouble, 0.0));
        codecs.put(Double.class, new SimpleCodec(decimal, JsonIn::readDouble, null));
        Reader readFloat = in -> (float) in.readDouble();
        codecs.put(float.class, new SimpleCodec(decimal, readFloat, 0.0f));
        codecs.put(Float.class, new SimpleCodec(decimal, readFloat, null));
        Writer bool = (out, v) -> out.writeAscii((Boolean) v ? "true" : "false");
        codecs.put(boolean.class, new SimpleCodec(bool, JsonIn::readBoolean, false));
        codecs.put(Boolean.class, new SimpleCodec(bool, JsonIn::readBoolean, null));
        codecs.put(BigDecimal.class, new SimpleCodec((out, v) -> out.writeAscii(v.toString()),
                JsonIn::readBigDecimal, null));
        codecs.put(BigInteger.class, new SimpleCodec((out, v) -> out.writeAscii(v.toString()),
                in -> in.readBigDecimal().toBigIntegerExact(), null));
        codecs.put(UUID.class, new SimpleCodec((out, v) -> out.writeAscii("\"" + v + "\""),
                in -> UUID.fromString(in.readString()), null));
        codecs.put(Instant.class, new SimpleCodec((out, v) -> {
            out.write('"');
            out.writeInstant((Instant) v);
            out.write('"');
        }, JsonIn::readInstant, null));
        codecs.put(LocalDate.class, new SimpleCodec((out, v) -> {
            out.write('"');
            out.writeDate((LocalDate) v);
            out.write('"');
        }, JsonIn::readDate, null));
        return Map.copyOf(codecs);
    }
}
