package io.eventsourcing.persistence.internal;

/** A step the mapper applies to a stored event's state after the transcoder (compression, encryption). */
public interface BytesCodec {

    byte[] encode(byte[] data);

    /** @throws IllegalArgumentException if the data was not encoded by this codec with these settings */
    byte[] decode(byte[] data);
}
