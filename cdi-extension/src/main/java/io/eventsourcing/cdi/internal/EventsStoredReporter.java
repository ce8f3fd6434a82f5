package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.internal.SaveListener;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.EventsStored;
import io.eventsourcing.persistence.StoredEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.CDI;

import java.util.List;

/**
 * The save listener that fires {@link EventsStored}, qualified {@code @EventSourced} of the application, after each
 * of its committed saves. An observer's failure is logged: the events are stored, the save must not look failed.
 *
 * @param application the application class
 * @param event       the event to fire
 */
record EventsStoredReporter(Class<? extends Application> application, Event<EventsStored> event)
        implements SaveListener {

    private static final System.Logger LOG = System.getLogger(EventsStored.class.getName());

    static EventsStoredReporter of(Class<? extends Application> application) {
        // Not an Instance lookup of Event: ArC makes Event beans only for injection points.
        return new EventsStoredReporter(application, CDI.current().getBeanContainer().getEvent()
                .select(EventsStored.class, EventSourced.Literal.of(application)));
    }

    @Override
    public void saved(List<StoredEvent> events) {
        try {
            event.fire(new EventsStored(application, events));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "An observer of EventsStored of " + application.getName()
                    + " failed", e);
        }
    }
}
