package io.eventsourcing.samples.wildfly;

import io.eventsourcing.samples.rest.DogSchool;
import io.eventsourcing.samples.rest.Problem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * Registers several dogs in one JTA transaction, all or none: {@code POST /registrations} with
 * {@code {"names":["Rex","Bella"]}} → {@code {"ids":["...","..."]}}. Each save joins WildFly's transaction through
 * its DataSource, so when a name is missing (400) the dogs saved before it roll back with the transaction.
 */
@Path("registrations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DogRegistrations {

    @Inject
    DogSchool school;

    @Context
    UriInfo uri;

    /** Saves one dog after the other; the transaction commits when the method returns, or rolls back if it throws. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public JsonObject register(JsonObject body) {
        if (body == null || body.get("names") == null || body.get("names").getValueType() != JsonValue.ValueType.ARRAY) {
            throw badRequest("an array \"names\" is required");
        }
        JsonArrayBuilder ids = Json.createArrayBuilder();
        for (JsonValue name : body.getJsonArray("names")) {
            if (!(name instanceof JsonString string) || string.getString().isBlank()) {
                throw badRequest("every name must be a non-blank string, not " + name);
            }
            ids.add(school.registerDog(string.getString()).toString());
        }
        return Json.createObjectBuilder().add("ids", ids).build();
    }

    private WebApplicationException badRequest(String message) {
        return Problem.exception(400, message, uri);
    }
}
