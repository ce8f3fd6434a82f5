package io.eventsourcing.cdi.internal;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.internal.AggregateType;
import io.eventsourcing.serialization.internal.Upcasters;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of one aggregate class at deployment: the rules {@link AggregateType} enforces (a no-arg constructor,
 * one record parameter per handler, one handler per event type, and the rules of {@code @PersonalData} and
 * {@code @DataSubject} in each event, which the mapper would otherwise enforce at its first save: it resolves
 * them), an {@code @Apply} handler for every event record
 * the aggregate declares, and one class only claiming the aggregate's topic. Resolving the type here also caches its
 * handlers for the first request.
 */
public final class AggregateCheck {

    private AggregateCheck() {
    }

    /** @return the problems of the aggregate class, each naming the class and, where there is one, the method */
    public static List<String> problems(Class<? extends Aggregate> type, ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        AggregateType resolved;
        try {
            resolved = AggregateType.of(type);
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
            resolved = null;
        }
        if (resolved != null) {
            Set<Class<?>> handled = resolved.eventTypes();
            try {
                Upcasters.of(type);         // the snapshots' upcasters
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
            for (Class<?> event : handled) {
                try {
                    Upcasters.of(event);
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                }
            }
            for (Class<?> nested : type.getDeclaredClasses()) {
                // A record declared in the aggregate is one of its events, unless a handled event holds it as a value.
                if (nested.isRecord() && !handled.contains(nested) && !heldByEvent(nested, handled)) {
                    problems.add(("Aggregate %s declares the event record %s but no @Apply method for it: add"
                            + " @Apply void on(%s e) { ... }").formatted(type.getName(), nested.getName(),
                            nested.getSimpleName()));
                }
            }
        }
        List<URL> versions = differentVersions(type, loader);
        if (versions.size() > 1) {
            problems.add(("Two aggregates claim the topic %s: the class path holds different classes of that name"
                    + " in %s; keep one, or the events of one would be rebuilt as the other")
                    .formatted(type.getName(), versions));
        }
        return problems;
    }

    private static boolean heldByEvent(Class<?> value, Set<Class<?>> events) {
        for (Class<?> event : events) {
            for (RecordComponent component : event.getRecordComponents()) {
                if (mentions(component.getGenericType(), value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentions(Type type, Class<?> value) {
        if (type == value) {
            return true;
        }
        if (type instanceof Class<?> c && c.isArray()) {
            return mentions(c.getComponentType(), value);
        }
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                if (mentions(argument, value)) {
                    return true;
                }
            }
        }
        if (type instanceof GenericArrayType a) {
            return mentions(a.getGenericComponentType(), value);
        }
        if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                if (mentions(bound, value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return one location of each different class file with the aggregate's name: identical copies (a test harness
     * that layers class loaders, an exploded and a packed archive) are one class and claim its topic once
     */
    private static List<URL> differentVersions(Class<?> type, ClassLoader loader) {
        String file = type.getName().replace('.', '/') + ".class";
        Map<String, URL> byContent = new LinkedHashMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(file))) {
                try (InputStream in = url.openStream()) {
                    byContent.putIfAbsent(Base64.getEncoder().encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())), url);
                }
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            return List.of();
        }
        return List.copyOf(byContent.values());
    }
}
