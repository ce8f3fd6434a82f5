package io.eventsourcing.serialization.internal;

import io.eventsourcing.domain.Renamed;
import io.eventsourcing.domain.internal.ClassIndex;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves topics (binary class names) to classes, once per topic. A topic no class has any more is looked up among
 * the former topics that aggregate classes and the records declared in them name with {@link Renamed} (read from
 * the aggregate index the first time a topic is not found). One instance per application, so that classes of an
 * undeployed application are not held by a static cache.
 */
public final class Topics {

    private final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final ClassLoader loader;
    private volatile Map<String, Class<?>> renamed;

    public Topics(ClassLoader loader) {
        this.loader = loader;
    }

    /** Uses the thread's context class loader, as a container sets it for the application, else this library's. */
    public static Topics forCurrentThread() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return new Topics(context != null ? context : Topics.class.getClassLoader());
    }

    /**
     * @return the class the topic names, or was renamed from, or {@code null} if none can be loaded
     * @throws IllegalStateException naming both classes if two claim the same former topic
     */
    public Class<?> resolve(String topic) {
        Class<?> type = classes.get(topic);
        if (type == null) {
            type = load(topic);
            if (type == null) {
                type = renamed().get(topic);
            }
            if (type != null) {
                classes.putIfAbsent(topic, type);
            }
        }
        return type;
    }

    private Class<?> load(String topic) {
        try {
            return Class.forName(topic, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            try {
                return Class.forName(topic, false, Topics.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError again) {
                return null;
            }
        }
    }

    private Map<String, Class<?>> renamed() {
        Map<String, Class<?>> map = renamed;
        if (map == null) {
            map = new HashMap<>();
            for (String name : ClassIndex.read(loader, ClassIndex.AGGREGATES).keySet()) {
                Class<?> aggregate = load(name);
                if (aggregate != null) {
                    formerTopics(aggregate, map);
                    for (Class<?> nested : aggregate.getDeclaredClasses()) {
                        formerTopics(nested, map);
                    }
                }
            }
            renamed = map;
        }
        return map;
    }

    private static void formerTopics(Class<?> type, Map<String, Class<?>> map) {
        Renamed renamed = type.getAnnotation(Renamed.class);
        if (renamed == null) {
            return;
        }
        for (String former : renamed.from()) {
            Class<?> other = map.putIfAbsent(former, type);
            if (other != null && other != type) {
                throw new IllegalStateException("Classes %s and %s both say they were renamed from %s: keep one"
                        .formatted(other.getName(), type.getName(), former));
            }
        }
    }
}
