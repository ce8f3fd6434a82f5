package io.eventsourcing.serialization;

/** A compressor of another party, plugged in by {@code META-INF/services}: it only reverses the bytes. */
public final class ReversingCompressor implements Compressor {

    @Override
    public String name() {
        return "reverse";
    }

    @Override
    public byte[] encode(byte[] data) {
        return reverse(data);
    }

    @Override
    public byte[] decode(byte[] data) {
        return reverse(data);
    }

    private static byte[] reverse(byte[] data) {
        byte[] reversed = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            reversed[i] = data[data.length - 1 - i];
        }
        return reversed;
    }
}
