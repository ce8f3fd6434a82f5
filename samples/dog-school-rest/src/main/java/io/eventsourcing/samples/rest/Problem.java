package io.eventsourcing.samples.rest;

import io.eventsourcing.persistence.IntegrityException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;

/**
 * An error as RFC 9457 problem details: {@code application/problem+json}, {@code {"type":"about:blank","title":
 * "Not Found","status":404,"detail":"No dog has the id 42","instance":"/dogs/42"}}. Every error of the REST samples
 * answers so (the resource itself, and the {@code ...ExceptionMapper}s for what the server or the library throws),
 * never with a stack trace or a server's error page.
 */
public final class Problem {

    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The largest request body accepted, in bytes: 64 KB ({@link BodySizeLimit}). */
    public static final int MAX_BODY_BYTES = 65_536;

    private static final System.Logger LOG = System.getLogger(Problem.class.getName());
    private static final Map<Integer, String> TITLES = Map.of(400, "Bad Request", 404, "Not Found",
            405, "Method Not Allowed", 409, "Conflict", 413, "Content Too Large", 415, "Unsupported Media Type",
            500, "Internal Server Error");

    private Problem() {
    }

    /** @return a response with the problem details of {@code status} and {@code detail} */
    public static Response response(int status, String detail, UriInfo uri) {
        return Response.status(status).type(MEDIA_TYPE).entity(json(status, detail, path(uri))).build();
    }

    /** @return an exception that answers with the problem details of {@code status} and {@code detail} */
    public static WebApplicationException exception(int status, String detail, UriInfo uri) {
        return new WebApplicationException(detail, response(status, detail, uri));
    }

    /**
     * Maps whatever a request failed with to problem details: a concurrent save (the library's
     * {@link IntegrityException}) → 409; a body that is not JSON (JSON-P's or JSON-B's exception, however the server
     * wraps it) → 400; any other {@link WebApplicationException} → its status (a problem response it holds as is);
     * anything else → 500, logged here, its text never in the answer.
     */
    static Response of(Throwable thrown, UriInfo uri) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IntegrityException conflict) {
                return response(409, conflict.originatorId() == null
                        ? "Another request changed the same data at the same time; send the request again."
                        : "Dog " + conflict.originatorId() + " was changed by another request at the same time"
                                + " (its version " + conflict.originatorVersion() + " is already stored);"
                                + " get it again and send the request again.", uri);
            }
            if (t instanceof JsonException || t.getClass().getName().equals("jakarta.json.bind.JsonbException")) {
                String where = t instanceof JsonParsingException p && p.getLocation() != null
                        ? " (line " + p.getLocation().getLineNumber() + ", column " + p.getLocation().getColumnNumber() + ")"
                        : "";
                return response(400, "The body is not valid JSON" + where + ".", uri);
            }
        }
        if (thrown instanceof WebApplicationException wae && wae.getResponse() != null) {
            Response original = wae.getResponse();
            if (original.getMediaType() != null && original.getMediaType().toString().startsWith(MEDIA_TYPE)) {
                return original;                                     // already a problem (thrown by DogResource)
            }
            int status = original.getStatus();
            String path = path(uri);
            String detail = switch (status) {
                case 400 -> "The request could not be read: its body is not valid JSON or a parameter is malformed.";
                case 404 -> "Nothing is at " + (path == null ? "this address" : path) + ".";
                case 405 -> "This method is not allowed at " + (path == null ? "this address" : path) + ".";
                case 413 -> "The body is larger than " + MAX_BODY_BYTES + " bytes (64 KB).";
                case 415 -> "The body must be JSON (Content-Type: application/json) or a form.";
                default -> status >= 500 ? "The server failed to answer; its log tells why."
                        : "The request was refused (" + title(status) + ").";
            };
            if (status >= 500) {
                LOG.log(System.Logger.Level.ERROR, "Request failed: " + path, thrown);
            }
            return Response.fromResponse(original).entity(json(status, detail, path)).type(MEDIA_TYPE).build();
        }
        if (thrown instanceof ProcessingException) {
            return response(400, "The body could not be read as JSON.", uri);
        }
        LOG.log(System.Logger.Level.ERROR, "Request failed: " + path(uri), thrown);
        return response(500, "The server failed to answer; its log tells why.", uri);
    }

    static String title(int status) {
        String title = TITLES.get(status);
        if (title == null) {
            Response.Status known = Response.Status.fromStatusCode(status);
            title = known == null ? "Error" : known.getReasonPhrase();
        }
        return title;
    }

    /** @return the problem as JSON text (written as a String, which every server writes for any media type) */
    static String json(int status, String detail, String instance) {
        JsonObjectBuilder problem = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title(status))
                .add("status", status)
                .add("detail", detail);
        if (instance != null) {
            problem.add("instance", instance);
        }
        return problem.build().toString();
    }

    private static String path(UriInfo uri) {
        try {
            return uri == null ? null : "/" + uri.getPath(true).replaceFirst("^/", "");
        } catch (RuntimeException | LinkageError outsideARequest) {
            return null;
        }
    }
}
