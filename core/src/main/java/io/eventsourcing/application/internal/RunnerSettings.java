package io.eventsourcing.application.internal;

import io.eventsourcing.persistence.internal.ThreadScope;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hands the settings a runner builds an application with to {@code Application}'s constructor, whichever constructor
 * the class has: a no-arg one cannot take them as an argument, and an application built with other settings than its
 * runner's would store its events elsewhere without a word. Set on the constructing thread for one class, around one
 * constructor call, and taken by the first {@code Application} constructor of that class.
 */
public final class RunnerSettings {

    private record Pending(Class<?> type, Map<String, String> settings) {
    }

    private static final ThreadLocal<Pending> CURRENT = new ThreadLocal<>();

    private RunnerSettings() {
    }

    /**
     * Runs {@code construct} (the constructor of {@code type}) with the runner's settings in place.
     *
     * @return what {@code construct} returns
     */
    public static <T> T during(Class<?> type, Map<String, String> settings, Supplier<T> construct) {
        return ThreadScope.with(CURRENT, new Pending(type, settings), construct);
    }

    /**
     * Called by {@code Application}'s constructor.
     *
     * @param type  the class of the application being constructed
     * @param given the settings its constructor passed on
     * @return {@code given}, with the runner's settings if a runner is constructing this class
     * @throws IllegalStateException naming the class and key if {@code given} sets a key of the runner's otherwise
     */
    public static Map<String, String> apply(Class<?> type, Map<String, String> given) {
        Pending pending = CURRENT.get();
        if (pending == null || pending.type() != type) {
            return given;
        }
        CURRENT.remove();       // once: applications this one constructs are configured as usual
        Map<String, String> merged = new HashMap<>(pending.settings());
        given.forEach((key, value) -> {
            String runners = merged.putIfAbsent(key, value);
            if (runners != null && !runners.equals(value)) {
                // Values are not named: the key may hold a secret (eventsourcing.cipher.key, a password).
                throw new IllegalStateException(("Cannot build application %s with the runner's settings: its"
                        + " constructor sets %s to another value than the runner's. Let the constructor pass on the"
                        + " settings it is given, or give the runner that value").formatted(type.getName(), key));
            }
        });
        return merged;
    }
}
