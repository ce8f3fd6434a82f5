package io.eventsourcing.serialization.internal;

import io.eventsourcing.serialization.Compressor;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Compresses states with zlib ({@code eventsourcing.compressor=zlib}). Thread-safe: one (de)compressor per thread. */
public final class ZlibCodec implements Compressor {

    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(Deflater::new);
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    @Override
    public String name() {
        return "zlib";
    }

    @Override
    public byte[] encode(byte[] data) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
        byte[] buffer = new byte[Math.max(64, Math.min(data.length + 16, 8192))];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    @Override
    public byte[] decode(byte[] data) {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 3);
        byte[] buffer = new byte[Math.max(256, Math.min(data.length * 4, 8192))];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("the state ends before its zlib stream does");
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("the state is not zlib data: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
