package io.eventsourcing.samples.rest;

import jakarta.json.JsonException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link JsonException} as problem details ({@link Problem#of}), whichever mapper the server picks. */
@Provider
public class JsonExceptionMapper implements ExceptionMapper<JsonException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(JsonException exception) {
        return Problem.of(exception, uri);
    }
}
