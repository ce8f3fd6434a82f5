package io.eventsourcing.samples.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request body over {@value Problem#MAX_BODY_BYTES} bytes (64 KB) with 413 and problem details: by its
 * {@code Content-Length}, or, sent in chunks without one, by reading at most one byte more than the limit (the body
 * it accepts is then read from memory). The body it refuses is read and dropped up to {@value #DRAIN_BYTES} bytes
 * before the answer: over HTTP/2 (h2c, which Payara's Grizzly speaks), a server that answers without reading the body
 * leaves the client stuck at the stream's window of 64 KB and the answer never arrives.
 */
@Provider
public class BodySizeLimit implements ContainerRequestFilter {

    /** How much of a refused body is read and dropped at most: 1 MB. */
    static final int DRAIN_BYTES = 1 << 20;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        int length = request.getLength();
        if (length > Problem.MAX_BODY_BYTES) {
            drain(request.getEntityStream(), DRAIN_BYTES);
            request.abortWith(tooLarge(request, "of " + length + " bytes is larger"));
        } else if (length < 0 && request.hasEntity()) {
            InputStream in = request.getEntityStream();
            byte[] body = in.readNBytes(Problem.MAX_BODY_BYTES + 1);
            if (body.length > Problem.MAX_BODY_BYTES) {
                drain(in, DRAIN_BYTES - body.length);
                request.abortWith(tooLarge(request, "is larger"));
            } else {
                request.setEntityStream(new ByteArrayInputStream(body));
            }
        }
    }

    private static void drain(InputStream in, long bytes) {
        try {
            byte[] buffer = new byte[8192];
            for (long left = bytes; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        } catch (IOException dropped) {
            // the answer is 413 all the same
        }
    }

    private static jakarta.ws.rs.core.Response tooLarge(ContainerRequestContext request, String size) {
        return Problem.response(413, "The body " + size + " than the limit of " + Problem.MAX_BODY_BYTES
                + " bytes (64 KB).", request.getUriInfo());
    }
}
