package io.eventsourcing.persistence.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves topics (binary class names) to classes, once per topic. One instance per application, so that classes
 * of an undeployed application are not held by a static cache.
 */
public final class Topics {

    private final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final ClassLoader loader;

    public Topics(ClassLoader loader) {
        this.loader = loader;
    }

    /** Uses the thread's context class loader, as a container sets it for the application, else this library's. */
    public static Topics forCurrentThread() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return new Topics(context != null ? context : Topics.class.getClassLoader());
    }

    /** @return the class the topic names, or {@code null} if none can be loaded */
    public Class<?> resolve(String topic) {
        Class<?> type = classes.get(topic);
        if (type == null) {
            type = load(topic);
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
}
