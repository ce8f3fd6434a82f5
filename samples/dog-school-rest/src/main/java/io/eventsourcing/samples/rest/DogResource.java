package io.eventsourcing.samples.rest;

import io.eventsourcing.application.AggregateNotFoundException;
import io.eventsourcing.application.AggregateVersionNotFoundException;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.persistence.Notification;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dog school over REST:
 * {@code POST /dogs}, {@code POST /dogs/{id}/tricks}, {@code GET /dogs/{id}} (with {@code ?version=2}: as it was then),
 * {@code GET /dogs?offset=0&limit=50} (the {@link DogList}), {@code GET /log?start=1&limit=10}, {@code GET /tricks}
 * (the counts of {@link TrickCounts}), {@code GET /log/stream?start=1} (the log, live: Server-Sent Events of the
 * {@link LiveLog}) and, at {@code GET /}, a page that does all of this in a browser ({@code dog-school.html}). A POST
 * answers once the dog list (and, for a trick, {@link TrickCounts}) has processed what it saved, or after
 * {@value #WAIT_SECONDS} s at the most: a GET right after it shows it. Errors answer as problem details
 * ({@link Problem}): a missing field or malformed JSON 400, an unknown or malformed dog id 404 (a version past the
 * dog's last too), a concurrent change of the same dog 409, a body over 64 KB 413.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DogResource {

    /** How long a POST waits for the read models to process what it saved. */
    static final int WAIT_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(DogResource.class.getName());
    private static final Set<String> TRICK_ADDED = Set.of(Dog.TrickAdded.class.getName());

    @Inject
    DogSchool school;

    @Inject
    @EventSourced(DogSchool.class)
    NotificationLog log;

    @Inject
    TrickCounts trickCounts;

    @Inject
    DogList dogList;

    @Inject
    LiveLog liveLog;

    @Context
    UriInfo uri;

    /** → the dog school's page: plain HTML and a little JavaScript that calls the other addresses. */
    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    public InputStream page() {
        return DogResource.class.getResourceAsStream("dog-school.html");
    }

    /** {@code {"name":"Fido"}} → 201, {@code {"id":"..."}} and the dog's address in Location. */
    @POST
    @Path("dogs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(JsonObject body) {
        return registered(school.registerDog(required(body, "name")));
    }

    /** → {@code [{"id":"...","name":"Fido","trickCount":2}, ...]}: the dogs sorted by name, from the {@link DogList}. */
    @GET
    @Path("dogs")
    public JsonArray dogs(@QueryParam("offset") @DefaultValue("0") int offset,
                          @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw badRequest("offset must be at least 0 and limit from 1 to 1000");
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (DogList.Entry dog : dogList.dogs(offset, limit)) {
            items.add(Json.createObjectBuilder()
                    .add("id", dog.id().toString())
                    .add("name", dog.name())
                    .add("trickCount", dog.trickCount()));
        }
        return items.build();
    }

    /** {@code name=Fido} as a form. */
    @POST
    @Path("dogs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response registerForm(@FormParam("name") String name) {
        return registered(school.registerDog(required(name, "name")));
    }

    /** {@code {"trick":"roll over"}} → 204. */
    @POST
    @Path("dogs/{id}/tricks")
    @Consumes(MediaType.APPLICATION_JSON)
    public void addTrick(@PathParam("id") String id, JsonObject body) {
        String trick = required(body, "trick");
        try {
            school.addTrick(dogId(id), trick);
        } catch (AggregateNotFoundException e) {
            throw notFound(id);
        }
        awaitReadModels(true);
    }

    /** {@code trick=roll over} as a form. */
    @POST
    @Path("dogs/{id}/tricks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public void addTrickForm(@PathParam("id") String id, @FormParam("trick") String trick) {
        try {
            school.addTrick(dogId(id), required(trick, "trick"));
        } catch (AggregateNotFoundException e) {
            throw notFound(id);
        }
        awaitReadModels(true);
    }

    /**
     * → {@code {"id":"...","name":"Fido","tricks":["roll over","play dead"],"version":3}}, or 404; with
     * {@code ?version=2}, the dog as it was at that version (1: registered, each trick one more), 404 past its last.
     */
    @GET
    @Path("dogs/{id}")
    public JsonObject dog(@PathParam("id") String id, @QueryParam("version") Integer version) {
        if (version != null && version < 1) {
            throw badRequest("version must be at least 1");
        }
        Dog dog;
        try {
            dog = version == null ? school.getDog(dogId(id)) : school.getDog(dogId(id), version);
        } catch (AggregateVersionNotFoundException e) {
            throw Problem.exception(404, "Dog " + id + " has no version " + version + ": its last version is "
                    + e.lastVersion() + ".", uri);
        } catch (AggregateNotFoundException e) {
            throw notFound(id);
        }
        JsonArrayBuilder tricks = Json.createArrayBuilder();
        dog.tricks().forEach(tricks::add);
        return Json.createObjectBuilder()
                .add("id", dog.id().toString())
                .add("name", dog.name())
                .add("tricks", tricks)
                .add("version", dog.version())
                .build();
    }

    /** → {@code [{"id":1,"originatorId":"...","originatorVersion":1,"topic":"..."}, ...]}. */
    @GET
    @Path("log")
    public JsonArray log(@QueryParam("start") @DefaultValue("1") long start,
                         @QueryParam("limit") @DefaultValue("10") int limit) {
        if (start < 1 || limit < 1 || limit > 1000) {
            throw badRequest("start must be at least 1 and limit from 1 to 1000");
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (Notification n : log.select(start, limit)) {
            items.add(Json.createObjectBuilder()
                    .add("id", n.id())
                    .add("originatorId", n.originatorId().toString())
                    .add("originatorVersion", n.originatorVersion())
                    .add("topic", n.topic()));
        }
        return items.build();
    }

    /**
     * → Server-Sent Events, one per notification from {@code start} on (or after the {@code Last-Event-ID} a
     * reconnecting client sends), then one per notification stored, as long as the client stays: each event's id is
     * the notification's id, its data the notification as {@code GET /log} shows it ({@link LiveLog}).
     */
    @GET
    @Path("log/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void logStream(@QueryParam("start") @DefaultValue("1") long start,
                          @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
                          @Context SseEventSink sink, @Context Sse sse) {
        long from = start;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                from = Long.parseLong(lastEventId.trim()) + 1;
            } catch (NumberFormatException e) {
                throw badRequest("Last-Event-ID must be a notification id, was " + lastEventId);
            }
        }
        if (from < 1) {
            throw badRequest("start must be at least 1");
        }
        liveLog.add(sink, sse, from);
    }

    /** → {@code {"play dead":1,"roll over":2}}: how often each trick was taught, as {@link TrickCounts} counted. */
    @GET
    @Path("tricks")
    public JsonObject tricks() {
        JsonObjectBuilder counts = Json.createObjectBuilder();
        trickCounts.counts().forEach(counts::add);
        return counts.build();
    }

    /**
     * Waits until the dog list, and for a trick {@link TrickCounts} (which tracks only the tricks it counted), have
     * processed the school's log up to what it holds now, which includes this request's save; answers anyway after
     * {@value #WAIT_SECONDS} s (the save is stored), with a warning in the log.
     */
    private void awaitReadModels(boolean trick) {
        long saved = log.maxNotificationId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            dogList.waitFor(school.name(), saved, Duration.ofSeconds(WAIT_SECONDS));
            while (trick && !log.select(trickCounts.position(school.name()) + 1, 1, saved, TRICK_ADDED).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("TrickCounts has not counted the tricks up to notification " + saved
                            + " of " + school.name() + " within " + WAIT_SECONDS + " s");
                }
                Thread.sleep(5);
            }
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; answering without it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Response registered(UUID id) {
        awaitReadModels(false);
        return Response.created(uri.getBaseUriBuilder().path("dogs").path(id.toString()).build())
                .entity(Json.createObjectBuilder().add("id", id.toString()).build())
                .build();
    }

    private String required(JsonObject body, String key) {
        if (body == null || !body.containsKey(key) || body.isNull(key)
                || body.get(key).getValueType() != JsonValue.ValueType.STRING) {
            throw badRequest("\"" + key + "\" is required: a non-blank string");
        }
        return required(body.getString(key), key);
    }

    private String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw badRequest("\"" + key + "\" is required: a non-blank string");
        }
        return value;
    }

    private WebApplicationException notFound(String id) {
        return Problem.exception(404, "No dog has the id " + id + ".", uri);
    }

    private WebApplicationException badRequest(String message) {
        return Problem.exception(400, message, uri);
    }

    private UUID dogId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }
}
