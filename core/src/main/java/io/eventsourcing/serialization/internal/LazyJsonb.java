package io.eventsourcing.serialization.internal;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** A JSON-B (Yasson) instance created on first need, for what the library's own codec does not handle. Thread-safe. */
final class LazyJsonb {

    private volatile Jsonb jsonb;

    Jsonb get() {
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
