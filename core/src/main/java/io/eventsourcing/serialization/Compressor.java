package io.eventsourcing.serialization;

/**
 * A compression of stored states, selected by {@code eventsourcing.compressor} = its {@link #name()}: the library
 * brings {@code zlib}; another plugs in as a class listed in
 * {@code META-INF/services/io.eventsourcing.serialization.Compressor} (public, with a public no-arg constructor).
 * Applied after the transcoder and before encryption. Thread-safe.
 */
public interface Compressor extends Codec {

    /** @return the value of {@code eventsourcing.compressor} that selects it */
    String name();
}
