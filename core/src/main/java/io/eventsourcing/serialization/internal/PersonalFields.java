package io.eventsourcing.serialization.internal;

import io.eventsourcing.domain.DataSubject;
import io.eventsourcing.domain.PersonalData;
import io.eventsourcing.serialization.DecryptionException;
import io.eventsourcing.serialization.internal.SubjectKeys.Key;
import jakarta.json.bind.annotation.JsonbProperty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The {@link PersonalData} and {@link DataSubject} components of one event record class, resolved once to method
 * handles and cached, and the sealing of their JSON. In the payload JSON the value of a personal property becomes
 * <pre>{@code {"$pd":"<base64 of key id (8 bytes), nonce (12), ciphertext and tag (16)>"}}</pre> with
 * {@code ,"$subject":"<uuid>"} before the closing brace when the subject is not the aggregate: the plain JSON of the
 * value encrypted with the subject's data key, the aggregate's id, the event's version and the property's name as
 * associated data, so that a ciphertext moved to another event or property is refused. An object, rather than a
 * string with a prefix: a plain string value could start with any prefix, while a sealed value is looked for only in
 * the properties that are not plain components of the class (its personal ones, and those an upcaster will rename or
 * remove), where a plain value would have to be a record or map whose first property is {@code $pd}; and it leaves
 * room for more properties (a key version for rotation). The subject travels with the value, so that it is known
 * before an upcaster renamed the components.
 */
public final class PersonalFields {

    private static final ClassValue<PersonalFields> CACHE = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return resolve(type);
        }
    };
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final byte[] MARKER = ascii("{\"$pd\":\"");
    private static final byte[] SUBJECT = ascii("\",\"$subject\":\"");
    private static final String MARKER_NAME = "$pd";
    private static final String SUBJECT_NAME = "$subject";

    private final Class<?> type;
    /** The JSON names of the personal properties. */
    private final byte[][] names;
    private final MethodHandle[] getters;
    /** What each reads as once forgotten; {@code null}: absent. */
    private final String[] replacements;
    /** The {@link DataSubject} component's accessor, or {@code null}: the aggregate is the subject. */
    private final MethodHandle subject;
    /** The JSON names of the other components, which are never sealed. */
    private final Set<String> plain;

    private PersonalFields(Class<?> type, byte[][] names, MethodHandle[] getters, String[] replacements,
                           MethodHandle subject, Set<String> plain) {
        this.type = type;
        this.names = names;
        this.getters = getters;
        this.replacements = replacements;
        this.subject = subject;
        this.plain = plain;
    }

    /**
     * @return the personal components of the record class
     * @throws IllegalStateException naming the class and component if an annotation is misplaced
     */
    public static PersonalFields of(Class<?> recordType) {
        return CACHE.get(recordType);
    }

    /** @return whether the class has no personal components */
    public boolean isEmpty() {
        return names.length == 0;
    }

    /** @return the payload's subject: its {@link DataSubject} component, else the aggregate */
    UUID subject(Record payload, UUID originatorId) {
        UUID id = subject == null ? null : (UUID) invoke(subject, payload);
        return id == null ? originatorId : id;
    }

    /**
     * @return the payload's subject if it holds personal data: a personal value that is neither {@code null} nor
     *         the replacement its component reads as once forgotten; else {@code null}
     */
    public UUID holder(Record payload, UUID originatorId) {
        for (int i = 0; i < getters.length; i++) {
            Object value = invoke(getters[i], payload);
            if (value != null && !value.equals(replacements[i])) {
                return subject(payload, originatorId);
            }
        }
        return null;
    }

    /**
     * Writes the payload's JSON object with the value of each personal property sealed.
     *
     * @throws IllegalStateException naming the class if a personal value is not among the JSON's properties (a
     *                               naming strategy or an adapter renamed it): nothing is written in plain text
     */
    void seal(JsonOut out, byte[] json, Record payload, SubjectKeys.Writing keys, UUID originatorId,
              int originatorVersion) {
        UUID subjectId = subject(payload, originatorId);
        Key key = null;     // no key for a subject until it has personal data
        JsonIn in = new JsonIn(json, 0, json.length);
        in.expect('{');
        out.write('{');
        int sealed = 0;
        if (!in.consume('}')) {
            boolean first = true;
            do {
                in.peek();
                int nameStart = in.position();
                int k = in.readName(names, -1);
                int nameEnd = in.position();
                in.expect(':');
                in.peek();
                int valueStart = in.position();
                boolean isNull = in.consumeNull();
                if (!isNull) {
                    in.skipValue();
                }
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.write(json, nameStart, nameEnd);
                out.write(':');
                if (k < 0 || isNull) {
                    out.write(json, valueStart, in.position());
                    continue;
                }
                if (key == null) {
                    key = keys.key(subjectId, type, originatorId, originatorVersion);
                }
                byte[] blob = SubjectKeys.encrypt(key.spec(), aad(originatorId, originatorVersion, names[k]),
                        key.id(), json, valueStart, in.position());
                out.write(MARKER);
                out.writeAscii(Base64.getEncoder().encodeToString(blob));
                if (!subjectId.equals(originatorId)) {
                    out.write(SUBJECT);
                    out.writeAscii(subjectId.toString());
                }
                out.write('"');
                out.write('}');
                sealed++;
            } while (in.consume(','));
            in.expect('}');
        }
        out.write('}');
        if (sealed != nonNullValues(payload)) {
            throw new IllegalStateException(("Cannot write %s: its JSON lacks a @PersonalData property (renamed by a"
                    + " naming strategy or written by an adapter?); name the components as JSON-B writes them")
                    .formatted(type.getName()));
        }
    }

    /**
     * @return the payload's JSON object {@code bytes[from..to)} with each sealed value opened; a value whose
     *         subject's key is gone is the component's replacement or absent
     * @throws DecryptionException naming the aggregate if a sealed value or its key was changed
     */
    byte[] unseal(byte[] bytes, int from, int to, SubjectKeys keys, UUID originatorId, int originatorVersion) {
        JsonIn in = new JsonIn(bytes, from, to);
        JsonOut out = new JsonOut(to - from);
        in.expect('{');
        out.write('{');
        if (!in.consume('}')) {
            boolean first = true;
            do {
                in.peek();
                int nameStart = in.position();
                String name = in.readString();
                int nameEnd = in.position();
                in.expect(':');
                in.peek();
                int valueStart = in.position();
                byte[] opened = null;
                boolean sealed = false;
                if (!plain.contains(name) && in.consume('{') && in.peek() == '"'
                        && MARKER_NAME.equals(in.readString())) {
                    sealed = true;
                    opened = open(in, name, keys, originatorId, originatorVersion);
                } else {
                    in.reset(valueStart);
                    in.skipValue();
                }
                String replacement = sealed && opened == null ? replacement(name) : null;
                if (sealed && opened == null && replacement == null) {
                    continue;   // forgotten: absent, as null
                }
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.write(bytes, nameStart, nameEnd);
                out.write(':');
                if (!sealed) {
                    out.write(bytes, valueStart, in.position());
                } else if (opened != null) {
                    out.write(opened);
                } else {
                    out.writeString(replacement);
                }
            } while (in.consume(','));
            in.expect('}');
        }
        out.write('}');
        return out.toByteArray();
    }

    /** Reads the rest of a sealed value, after its {@code "$pd"}; {@code null} if its key is gone. */
    private byte[] open(JsonIn in, String name, SubjectKeys keys, UUID originatorId, int originatorVersion) {
        in.expect(':');
        byte[] blob = Base64.getDecoder().decode(in.readString());
        UUID subjectId = originatorId;
        while (in.consume(',')) {
            if (SUBJECT_NAME.equals(in.readString())) {
                in.expect(':');
                subjectId = UUID.fromString(in.readString());
            } else {
                in.expect(':');
                in.skipValue();
            }
        }
        in.expect('}');
        try {
            Key key = keys.sealedWith(subjectId, SubjectKeys.keyId(blob), type, originatorId, originatorVersion);
            if (key == null) {
                return null;    // forgotten (and maybe given a new key since)
            }
            return SubjectKeys.decrypt(key.spec(), aad(originatorId, originatorVersion,
                    name.getBytes(StandardCharsets.UTF_8)), blob);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(originatorId, originatorVersion, ("Cannot read version %d of aggregate %s:"
                    + " its personal data %s of subject %s cannot be decrypted (changed, or moved from another"
                    + " event)").formatted(originatorVersion, originatorId, name, subjectId), e);
        }
    }

    private String replacement(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < names.length; i++) {
            if (Arrays.equals(names[i], utf8)) {
                return replacements[i];
            }
        }
        return null;
    }

    private int nonNullValues(Record payload) {
        int n = 0;
        for (MethodHandle getter : getters) {
            if (invoke(getter, payload) != null) {
                n++;
            }
        }
        return n;
    }

    private static byte[] aad(UUID originatorId, int originatorVersion, byte[] name) {
        return ByteBuffer.allocate(20 + name.length).putLong(originatorId.getMostSignificantBits())
                .putLong(originatorId.getLeastSignificantBits()).putInt(originatorVersion).put(name).array();
    }

    private static Object invoke(MethodHandle getter, Record payload) {
        try {
            return getter.invokeExact((Object) payload);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private static PersonalFields resolve(Class<?> type) {
        List<byte[]> names = new ArrayList<>();
        List<MethodHandle> getters = new ArrayList<>();
        List<String> replacements = new ArrayList<>();
        MethodHandle subject = null;
        Set<String> plain = new HashSet<>();
        List<String> problems = new ArrayList<>();
        RecordComponent[] components = type.isRecord() ? type.getRecordComponents() : new RecordComponent[0];
        try {
            MethodHandles.Lookup lookup = null;
            for (RecordComponent component : components) {
                nested(type, component.getGenericType(), new HashSet<>(), problems);
                PersonalData personal = component.getAnnotation(PersonalData.class);
                boolean isSubject = component.isAnnotationPresent(DataSubject.class);
                if (personal == null) {
                    plain.add(jsonName(component));
                }
                if (personal == null && !isSubject) {
                    continue;
                }
                String where = type.getName() + "." + component.getName();
                if (lookup == null) {
                    lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                }
                MethodHandle getter = lookup.unreflect(component.getAccessor()).asType(GETTER);
                if (isSubject) {
                    if (component.getType() != UUID.class) {
                        problems.add("@DataSubject component " + where + " must be a UUID");
                    } else if (subject != null) {
                        problems.add(type.getName() + " has two @DataSubject components: it may have one");
                    }
                    if (personal != null) {
                        problems.add("@DataSubject component " + where + " cannot be @PersonalData: it names the"
                                + " subject, and stays readable");
                    }
                    subject = getter;
                    continue;
                }
                if (component.getType().isPrimitive()) {
                    problems.add("@PersonalData component " + where + " is a " + component.getType()
                            + ": make it a " + MethodType.methodType(component.getType()).wrap().returnType()
                                    .getSimpleName() + ", which can be null once forgotten");
                }
                if (!personal.forgotten().isEmpty() && component.getType() != String.class) {
                    problems.add("@PersonalData(forgotten = ...) component " + where + " must be a String");
                }
                names.add(jsonName(component).getBytes(StandardCharsets.UTF_8));
                getters.add(getter);
                replacements.add(personal.forgotten().isEmpty() ? null : personal.forgotten());
            }
        } catch (IllegalAccessException e) {
            problems.add("Cannot access the components of " + type.getName() + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return new PersonalFields(type, names.toArray(new byte[0][]), getters.toArray(new MethodHandle[0]),
                replacements.toArray(new String[0]), subject, Set.copyOf(plain));
    }

    /**
     * Adds a problem for each record held in a component of the event (in a collection, map or array too) that marks
     * a component of its own: only the event's components are sealed, and such data would be stored in plain text.
     */
    private static void nested(Class<?> event, Type type, Set<Type> seen, List<String> problems) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                nested(event, argument, seen, problems);
            }
        } else if (type instanceof GenericArrayType a) {
            nested(event, a.getGenericComponentType(), seen, problems);
        } else if (type instanceof Class<?> c && c.isArray()) {
            nested(event, c.getComponentType(), seen, problems);
        } else if (type instanceof Class<?> c && c.isRecord()) {
            for (RecordComponent component : c.getRecordComponents()) {
                if (component.isAnnotationPresent(PersonalData.class)
                        || component.isAnnotationPresent(DataSubject.class)) {
                    problems.add(("%s.%s is marked in a record that event %s holds: only an event's own components"
                            + " are sealed; mark the component of %s that holds it @PersonalData").formatted(
                            c.getName(), component.getName(), event.getName(), event.getName()));
                }
                nested(event, component.getGenericType(), seen, problems);
            }
        }
    }

    /** The component's JSON name: its {@link JsonbProperty} (which a record gives its accessor) if set, else its name. */
    private static String jsonName(RecordComponent component) {
        JsonbProperty property = component.getAccessor().getAnnotation(JsonbProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
