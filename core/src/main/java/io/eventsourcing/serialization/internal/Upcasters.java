package io.eventsourcing.serialization.internal;

import io.eventsourcing.domain.Upcast;
import jakarta.json.JsonObject;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The {@link Upcast} methods of one event record class, resolved once to method handles and cached: the class's
 * version (1 without upcasters) and the chain that brings an older version's JSON up to it.
 */
public final class Upcasters {

    private static final ClassValue<Upcasters> CACHE = new ClassValue<>() {
        @Override
        protected Upcasters computeValue(Class<?> type) {
            return resolve(type);
        }
    };
    private static final MethodType UPCASTER = MethodType.methodType(JsonObject.class, JsonObject.class);

    private final Class<?> type;
    /** Index {@code v - 1}: from version {@code v} to {@code v + 1}. */
    private final MethodHandle[] chain;

    private Upcasters(Class<?> type, MethodHandle[] chain) {
        this.type = type;
        this.chain = chain;
    }

    /**
     * @return the upcasters of the record class
     * @throws IllegalStateException naming the class and method if an upcaster breaks a rule
     */
    public static Upcasters of(Class<?> recordType) {
        return CACHE.get(recordType);
    }

    /** @return the version events of this class are written at */
    public int version() {
        return chain.length + 1;
    }

    /**
     * @param stored the version the state was stored at
     * @return the state at this class's version
     */
    public JsonObject upcast(JsonObject state, int stored) {
        if (stored > version()) {
            throw new IllegalArgumentException("it was stored at version %d of %s, and this class is version %d"
                    .formatted(stored, type.getName(), version()));
        }
        JsonObject current = state;
        for (int v = Math.max(stored, 1); v < version(); v++) {
            try {
                current = (JsonObject) chain[v - 1].invokeExact(current);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new UndeclaredThrowableException(t);
            }
        }
        return current;
    }

    private static Upcasters resolve(Class<?> type) {
        TreeMap<Integer, MethodHandle> byVersion = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Method method : type.getDeclaredMethods()) {
            Upcast upcast = method.getAnnotation(Upcast.class);
            if (upcast == null) {
                continue;
            }
            String where = type.getName() + "." + method.getName();
            if (!Modifier.isStatic(method.getModifiers()) || method.getReturnType() != JsonObject.class
                    || method.getParameterCount() != 1 || method.getParameterTypes()[0] != JsonObject.class) {
                problems.add("@Upcast method " + where + " must be static JsonObject " + method.getName()
                        + "(JsonObject state)");
                continue;
            }
            try {
                MethodHandle handle = MethodHandles.privateLookupIn(type, MethodHandles.lookup()).unreflect(method)
                        .asType(UPCASTER);
                if (byVersion.put(upcast.from(), handle) != null) {
                    problems.add("Two @Upcast methods of " + type.getName() + " upcast from version " + upcast.from());
                }
            } catch (IllegalAccessException e) {
                problems.add("Cannot access @Upcast method " + where + ": " + e.getMessage());
            }
        }
        int expected = 1;
        for (int from : byVersion.keySet()) {
            if (from != expected) {
                problems.add("%s has no @Upcast method from version %d (it has one from %d): versions go 1, 2, 3, ..."
                        .formatted(type.getName(), expected, from));
                break;
            }
            expected++;
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return new Upcasters(type, byVersion.values().toArray(new MethodHandle[0]));
    }
}
