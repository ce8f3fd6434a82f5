package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;
import io.eventsourcing.persistence.StoredEvent;

import java.util.List;
import java.util.Objects;

/**
 * A CDI event: what one save of an {@link EventSourced @EventSourced} application stored. It is fired after the
 * transaction the save ran in has committed (the caller's JTA transaction, which the database recorders join, or the
 * save's own), never before and never for a transaction that rolled back; once per save that stored events. In
 * memory, which joins no transaction, a save is stored when it returns, and the event fires then. Its qualifier is
 * {@code @EventSourced} of the application, so an observer can choose one:
 *
 * <pre>{@code
 * void onStored(@Observes @EventSourced(DogSchool.class) EventsStored stored) {
 *     stored.events().forEach(e -> log.info(e.topic() + " of " + e.originatorId()));
 * }
 * }</pre>
 *
 * <p>Observers run on the thread that completed the transaction; an exception they throw is logged and does not
 * reach the saving code, whose events are stored already.
 *
 * @param application the application that saved
 * @param events      the events stored, in the order saved
 */
public record EventsStored(Class<? extends Application> application, List<StoredEvent> events) {

    public EventsStored {
        Objects.requireNonNull(application, "application");
        events = List.copyOf(events);
    }
}
