package io.eventsourcing.samples.rest;

import io.eventsourcing.persistence.IntegrityException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link IntegrityException} as problem details ({@link Problem#of}), whichever mapper the server picks. */
@Provider
public class IntegrityExceptionMapper implements ExceptionMapper<IntegrityException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(IntegrityException exception) {
        return Problem.of(exception, uri);
    }
}
