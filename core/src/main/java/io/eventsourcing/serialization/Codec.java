package io.eventsourcing.serialization;

/**
 * A step the mapper applies to a stored event's state after the transcoder (compression, then encryption), and
 * undoes on reading. Thread-safe.
 */
public interface Codec {

    /** @return the data encoded */
    byte[] encode(byte[] data);

    /** @throws IllegalArgumentException if the data was not encoded by this codec with these settings */
    byte[] decode(byte[] data);
}
