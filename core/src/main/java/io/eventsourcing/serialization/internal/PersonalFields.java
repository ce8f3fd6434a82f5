package io.eventsourcing.serialization.internal;

import io.eventsourcing.domain.DataSubject;
import io.eventsourcing.domain.PersonalData;
import io.eventsourcing.serialization.DecryptionException;
import io.eventsourcing.serialization.internal.SubjectKeys.Key;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;

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
 * handles and cached, and the sealing of their JSON: the JSON object of the personal properties, as the codec wrote
 * them, encrypted with the subject's data key, one ciphertext per event, not per property. Two forms:
 * <ul>
 * <li>Where the master key encrypts states whole ({@code eventsourcing.cipher.encrypt-states}, the default), with
 * AES-GCM, which authenticates them: {@link Sealed} beside the JSON, the data key's id (8 bytes), a nonce (12) and
 * the object encrypted with AES-CTR ({@link AesKey#encryptCtr}), which {@link JsonTranscoder} writes before the JSON
 * with the event's aggregate id and version, so that it cannot be moved to another event. A second AES-GCM
 * operation per event would authenticate again what the state's already does, and cost as much (JCE's AES-GCM is
 * dominated by its set-up on small values).</li>
 * <li>Where states are otherwise stored plain: in the payload JSON object, the personal properties are replaced by
 * one property at the end, {@code "$personal":"<base64>"}, followed by {@code "$subject":"<uuid>"} when the subject is
 * not the aggregate: the base64 of the data key's id, a nonce and the object encrypted with AES-GCM, its 16-byte tag,
 * the aggregate's id and the event's version as associated data. This form reads under state encryption too.</li>
 * </ul>
 * The two names are reserved: a record with personal data may have no component of either name, so that no plain
 * value is taken for a sealed one; a property stored plain (before its component was personal) reads as stored. The
 * subject travels with the ciphertext, so that it is known before an upcaster renamed the components.
 *
 * <p>Any value JSON-B writes can be personal, a string or not (a number, a record, a list): the sealed object holds
 * it as written. What cannot work is refused when the class is resolved (at deployment in a container), naming the
 * component: a primitive (it cannot read as {@code null} once forgotten), a replacement on a non-String, a component
 * JSON-B does not write ({@code @JsonbTransient}), a mark in a record the event holds, a second or non-UUID subject.
 */
public final class PersonalFields {

    private static final ClassValue<PersonalFields> CACHE = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return resolve(type);
        }
    };
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final String PERSONAL_NAME = "$personal";
    private static final String SUBJECT_NAME = "$subject";
    private static final byte[][] RESERVED = {ascii(PERSONAL_NAME), ascii(SUBJECT_NAME)};
    private static final byte[] PERSONAL = ascii("\"" + PERSONAL_NAME + "\":\"");
    private static final byte[] SUBJECT = ascii("\",\"" + SUBJECT_NAME + "\":\"");

    private final Class<?> type;
    /** The JSON names of the personal properties. */
    private final byte[][] names;
    private final MethodHandle[] getters;
    /** What each reads as once forgotten; {@code null}: absent. */
    private final String[] replacements;
    /** The {@link DataSubject} component's accessor, or {@code null}: the aggregate is the subject. */
    private final MethodHandle subject;

    private PersonalFields(Class<?> type, byte[][] names, MethodHandle[] getters, String[] replacements,
                           MethodHandle subject) {
        this.type = type;
        this.names = names;
        this.getters = getters;
        this.replacements = replacements;
        this.subject = subject;
    }

    /**
     * @return the personal components of the record class
     * @throws IllegalStateException naming the class and component if an annotation is misplaced
     */
    public static PersonalFields of(Class<?> recordType) {
        return CACHE.get(recordType);
    }

    /** @return the JSON names of the personal properties */
    byte[][] names() {
        return names;
    }

    /** @return whether the class has no personal components */
    public boolean isEmpty() {
        return names.length == 0;
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

    /** @return the payload's subject: its {@link DataSubject} component, else the aggregate */
    private UUID subject(Record payload, UUID originatorId) {
        UUID id = subject == null ? null : (UUID) invoke(subject, payload);
        return id == null ? originatorId : id;
    }

    /**
     * Personal data sealed beside the state's JSON, not in it: where AES-GCM then encrypts the state whole, which
     * authenticates it. {@link JsonTranscoder} writes it before the JSON.
     *
     * @param subject the subject, or {@code null} if it is the aggregate
     * @param bytes   {@code [from..to)}: the key id, nonce and AES-CTR ciphertext of the JSON object of the personal
     *                properties
     */
    record Sealed(UUID subject, byte[] bytes, int from, int to) {
    }

    /**
     * Writes the payload's JSON object with its personal properties sealed: in it, or if the state is then
     * encrypted whole ({@link SubjectKeys.Writing#underState}), beside it.
     *
     * @return what is sealed beside the JSON; {@code null} if nothing is
     * @throws IllegalStateException naming the class if a personal value is not among the JSON's properties (a
     *                               naming strategy or an adapter renamed it): nothing is written in plain text
     */
    Sealed seal(JsonOut out, byte[] json, int length, Record payload, SubjectKeys.Writing keys, UUID originatorId,
              int originatorVersion) {
        JsonIn in = new JsonIn(json, 0, length);
        JsonOut personal = null;
        int sealed = 0;
        boolean first = true;
        in.expect('{');
        out.write('{');
        if (!in.consume('}')) {
            do {
                in.peek();
                int nameStart = in.position();
                int k = in.readName(names, -1);
                in.expect(':');
                boolean isNull = in.consumeNull();
                if (!isNull) {
                    in.skipValueFast();
                }
                if (k < 0 || isNull) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    out.write(json, nameStart, in.position());
                } else {
                    if (personal == null) {
                        personal = new JsonOut(64);
                        personal.write('{');
                    } else {
                        personal.write(',');
                    }
                    personal.write(json, nameStart, in.position());
                    sealed++;
                }
            } while (in.consume(','));
            in.expect('}');
        }
        if (sealed != nonNullValues(payload)) {
            throw new IllegalStateException(("Cannot write %s: its JSON lacks a @PersonalData property (renamed by a"
                    + " naming strategy or written by an adapter?); name the components as JSON-B writes them")
                    .formatted(type.getName()));
        }
        if (personal != null) {
            personal.write('}');
        }
        return seal(out, first, personal, payload, keys, originatorId, originatorVersion);
    }

    /**
     * Seals the JSON object of the personal properties after the plain members written to {@code out}, and closes
     * the object.
     *
     * @param first    whether no plain member is written
     * @param personal the JSON object of the personal properties with a value, or {@code null} if none has one
     * @return what is sealed beside the JSON; {@code null} if nothing is
     */
    Sealed seal(JsonOut out, boolean first, JsonOut personal, Record payload, SubjectKeys.Writing keys,
                UUID originatorId, int originatorVersion) {
        if (personal != null) {
            UUID subjectId = subject(payload, originatorId);
            Key key = keys.key(subjectId, type, originatorId, originatorVersion);
            if (keys.underState()) {
                out.write('}');
                byte[] blob = key.aes().encryptCtr(key.id(), personal.buffer(), 0, personal.size());
                return new Sealed(subjectId.equals(originatorId) ? null : subjectId, blob, 0, blob.length);
            }
            if (!first) {
                out.write(',');
            }
            out.write(PERSONAL);
            byte[] blob = key.aes().encrypt(key.id(), aad(originatorId, originatorVersion), personal.buffer(), 0,
                    personal.size());
            out.writeBase64(blob, 0, blob.length);
            if (!subjectId.equals(originatorId)) {
                out.write(SUBJECT);
                out.writeAscii(subjectId.toString());
            }
            out.write('"');
        }
        out.write('}');
        return null;
    }

    /**
     * @param sealed what was sealed beside the JSON, or {@code null}
     * @return the payload's JSON object {@code bytes[from..to)} with its sealed properties opened (in the buffer
     *         returned, up to its size); if the subject's key is gone, with the replacements the components name
     *         instead
     * @throws DecryptionException naming the aggregate if the sealed properties or their key were changed
     */
    JsonOut unseal(byte[] bytes, int from, int to, Sealed sealed, SubjectKeys.Reading keys, UUID originatorId,
                   int originatorVersion) {
        if (sealed != null) {
            return unsealBeside(bytes, from, to, sealed, keys, originatorId, originatorVersion);
        }
        JsonOut last = unsealLast(bytes, from, to, keys, originatorId, originatorVersion);
        if (last != null) {
            return last;
        }
        JsonIn in = new JsonIn(bytes, from, to);
        JsonOut out = new JsonOut(to - from);
        boolean first = true;
        byte[] text = null;             // the sealed value's base64
        UUID subjectId = originatorId;
        in.expect('{');
        out.write('{');
        if (!in.consume('}')) {
            do {
                in.peek();
                int nameStart = in.position();
                int reserved = in.readName(RESERVED, 0);
                in.expect(':');
                if (reserved == 0) {
                    in.peek();
                    int start = in.position();
                    if (in.skipString()) {
                        in.reset(start);
                        text = in.readString().getBytes(StandardCharsets.ISO_8859_1);
                    } else {
                        text = Arrays.copyOfRange(bytes, start + 1, in.position() - 1);
                    }
                } else if (reserved == 1) {
                    subjectId = UUID.fromString(in.readString());
                } else {
                    in.skipValueFast();
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    out.write(bytes, nameStart, in.position());
                }
            } while (in.consume(','));
            in.expect('}');
        }
        if (text != null) {
            writeOpened(out, first, open(base64(text, originatorId, originatorVersion, subjectId), subjectId, keys,
                    originatorId, originatorVersion));
        }
        out.write('}');
        return out;
    }

    /**
     * {@link #unseal} of personal data sealed beside the JSON: the opened object is decrypted into place after the
     * plain members, its brace made their comma.
     */
    private JsonOut unsealBeside(byte[] bytes, int from, int to, Sealed sealed, SubjectKeys.Reading keys,
                                 UUID originatorId, int originatorVersion) {
        JsonIn in = new JsonIn(bytes, from, to);
        in.expect('{');
        boolean none = in.consume('}');
        UUID subjectId = sealed.subject() == null ? originatorId : sealed.subject();
        Key key = sealer(sealed.bytes(), sealed.from(), sealed.to(), true, subjectId, keys, originatorId,
                originatorVersion);
        int length = sealed.to() - sealed.from() - AesKey.ID_BYTES - AesKey.NONCE_BYTES;
        JsonOut out = new JsonOut(to - from + length);
        if (key == null) {
            out.write(bytes, from, none ? in.position() - 1 : to - 1);     // '{' and the plain members
            writeOpened(out, none, null);
            out.write('}');
            return out;
        }
        if (!none) {
            out.write(bytes, from, to - 1);
        }
        int at = out.reserve(length);
        byte[] opened = out.buffer();
        key.aes().decryptCtr(sealed.bytes(), sealed.from(), sealed.to(), opened, at);
        if (length < 3 || opened[at] != '{' || opened[at + length - 1] != '}') {
            throw unreadable(originatorId, originatorVersion, subjectId,
                    new GeneralSecurityException("not a JSON object of members"));
        }
        if (!none) {
            opened[at] = ',';
        }
        return out;
    }

    /**
     * {@link #unseal} of the form {@link #seal} writes, the sealed properties last and their values without escapes,
     * found from the end without reading the other properties (a string holds no unescaped quote, so the last
     * {@code ,"$personal":"...."} of an object that ends so is a property).
     *
     * @return the JSON opened, or {@code null} if it is not of that form
     */
    private JsonOut unsealLast(byte[] bytes, int from, int to, SubjectKeys.Reading keys, UUID originatorId,
                               int originatorVersion) {
        if (to - from < 4 || bytes[to - 1] != '}' || bytes[to - 2] != '"') {
            return null;
        }
        int close = to - 2;
        int open = openingQuote(bytes, from, close);
        int name = nameBefore(bytes, from, open, RESERVED[1]);
        UUID subjectId = originatorId;
        if (name >= 0) {
            if (bytes[name - 1] != ',' || bytes[name - 2] != '"') {
                return null;
            }
            subjectId = UUID.fromString(new String(bytes, open + 1, close - open - 1, StandardCharsets.ISO_8859_1));
            close = name - 2;
            open = openingQuote(bytes, from, close);
        }
        name = nameBefore(bytes, from, open, RESERVED[0]);
        if (name < 0 || bytes[name - 1] != ',' && bytes[name - 1] != '{') {
            return null;
        }
        byte[] blob = base64(Arrays.copyOfRange(bytes, open + 1, close), originatorId, originatorVersion, subjectId);
        boolean none = bytes[name - 1] == '{';
        JsonOut out = new JsonOut(to - from);
        out.write(bytes, from, none ? name : name - 1);     // '{' and the plain members, without a comma after
        writeOpened(out, none, open(blob, subjectId, keys, originatorId, originatorVersion));
        out.write('}');
        return out;
    }

    /** @return the index of the quote that opens the string closed at {@code close}; -1 if it has an escape */
    private static int openingQuote(byte[] bytes, int from, int close) {
        for (int i = close - 1; i > from; i--) {
            if (bytes[i] == '"') {
                return i;
            }
            if (bytes[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** @return the index of the quote that opens the name before {@code "name":} and that value's quote, or -1 */
    private static int nameBefore(byte[] bytes, int from, int open, byte[] name) {
        int start = open - name.length - 3;
        if (open < 0 || start <= from || bytes[open - 1] != ':' || bytes[open - 2] != '"' || bytes[start] != '"') {
            return -1;
        }
        return Arrays.equals(bytes, start + 1, open - 2, name, 0, name.length) ? start : -1;
    }

    /**
     * Writes the members of the opened object after the plain ones, or if its key is gone ({@code opened} is
     * {@code null}) the replacements the components name.
     *
     * @param first whether no member is written yet
     */
    private void writeOpened(JsonOut out, boolean first, byte[] opened) {
        if (opened != null) {
            JsonIn members = new JsonIn(opened, 0, opened.length);
            members.expect('{');
            if (!members.consume('}')) {
                if (!first) {
                    out.write(',');
                }
                out.write(opened, members.position(), opened.length - 1);
            }
            return;
        }
        for (int i = 0; i < names.length; i++) {
            if (replacements[i] != null) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.writeName(names[i]);
                out.writeString(replacements[i]);
            }
        }
    }

    /** @return the sealed value's bytes */
    private static byte[] base64(byte[] text, UUID originatorId, int originatorVersion, UUID subjectId) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw unreadable(originatorId, originatorVersion, subjectId, e);
        }
    }

    /**
     * @param blob the key id, nonce, AES-GCM ciphertext and tag of the in-JSON form
     * @return the sealed JSON object opened, or {@code null} if its key is gone
     */
    private byte[] open(byte[] blob, UUID subjectId, SubjectKeys.Reading keys, UUID originatorId,
                        int originatorVersion) {
        Key key = sealer(blob, 0, blob.length, false, subjectId, keys, originatorId, originatorVersion);
        if (key == null) {
            return null;
        }
        try {
            return key.aes().decrypt(aad(originatorId, originatorVersion), blob);
        } catch (GeneralSecurityException e) {
            throw unreadable(originatorId, originatorVersion, subjectId, e);
        }
    }

    /**
     * @return the key that sealed {@code blob[from..to)}, or {@code null} if it is gone (its subject forgotten, and
     *         maybe given a new key since)
     */
    private Key sealer(byte[] blob, int from, int to, boolean underState, UUID subjectId, SubjectKeys.Reading keys,
                       UUID originatorId, int originatorVersion) {
        try {
            return keys.sealedWith(subjectId, AesKey.keyId(blob, from, to, !underState), type, originatorId,
                    originatorVersion);
        } catch (GeneralSecurityException e) {
            throw unreadable(originatorId, originatorVersion, subjectId, e);
        }
    }

    private static DecryptionException unreadable(UUID originatorId, int originatorVersion, UUID subjectId,
                                                  Exception e) {
        return new DecryptionException(originatorId, originatorVersion, ("Cannot read version %d of aggregate %s:"
                + " its personal data (subject %s) cannot be decrypted (%s: changed, or moved from another event)")
                .formatted(originatorVersion, originatorId, subjectId, e.getMessage()), e);
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

    private static byte[] aad(UUID originatorId, int originatorVersion) {
        return ByteBuffer.allocate(20).putLong(originatorId.getMostSignificantBits())
                .putLong(originatorId.getLeastSignificantBits()).putInt(originatorVersion).array();
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
        String subjectName = null;
        List<String> problems = new ArrayList<>();
        RecordComponent[] components = type.isRecord() ? type.getRecordComponents() : new RecordComponent[0];
        try {
            MethodHandles.Lookup lookup = null;
            for (RecordComponent component : components) {
                nested(type, component.getGenericType(), new HashSet<>(), problems);
                PersonalData personal = component.getAnnotation(PersonalData.class);
                boolean isSubject = component.isAnnotationPresent(DataSubject.class);
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
                        problems.add("%s has two @DataSubject components, %s and %s: it may have one"
                                .formatted(type.getName(), subjectName, component.getName()));
                    }
                    if (personal != null) {
                        problems.add("@DataSubject component " + where + " cannot be @PersonalData: it names the"
                                + " subject, and stays readable");
                    }
                    subject = getter;
                    subjectName = component.getName();
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
                if (component.getAccessor().isAnnotationPresent(JsonbTransient.class)) {
                    problems.add("@PersonalData component " + where + " is @JsonbTransient: JSON-B does not write"
                            + " it, so there is nothing to seal; remove one of the two");
                }
                names.add(jsonName(component).getBytes(StandardCharsets.UTF_8));
                getters.add(getter);
                replacements.add(personal.forgotten().isEmpty() ? null : personal.forgotten());
            }
        } catch (IllegalAccessException e) {
            problems.add("Cannot access the components of " + type.getName() + ": " + e.getMessage());
        }
        if (!names.isEmpty()) {
            for (RecordComponent component : components) {
                String name = jsonName(component);
                if (name.equals(PERSONAL_NAME) || name.equals(SUBJECT_NAME)) {
                    problems.add("%s.%s is named %s, which a record with @PersonalData cannot use: it holds the"
                            .formatted(type.getName(), component.getName(), name) + " sealed personal data");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return new PersonalFields(type, names.toArray(new byte[0][]), getters.toArray(new MethodHandle[0]),
                replacements.toArray(new String[0]), subject);
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
