package io.eventsourcing.persistence.tck;

import java.util.Map;

/**
 * The {@link Universe} with only a no-arg constructor, as the README's applications have: a runner must still build
 * it with its settings.
 */
public class Cosmos extends Universe {

    public Cosmos() {
        super(Map.of());
    }
}
