package io.eventsourcing.persistence.internal;

import java.util.function.Supplier;

/**
 * Sets a thread-local around one call and then restores what it held: the side door through which a constructor
 * receives what its caller cannot pass as an argument (the runner's settings).
 */
public final class ThreadScope {

    private ThreadScope() {
    }

    /** @return what {@code call} returns, run with {@code local} set to {@code value} */
    public static <T, R> R with(ThreadLocal<T> local, T value, Supplier<R> call) {
        T outer = local.get();
        local.set(value);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                local.remove();
            } else {
                local.set(outer);
            }
        }
    }
}
