package io.eventsourcing.samples.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link NotFoundException} as problem details ({@link Problem#of}), whichever mapper the server picks. */
@Provider
public class NotFoundExceptionMapper implements ExceptionMapper<NotFoundException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(NotFoundException exception) {
        return Problem.of(exception, uri);
    }
}
