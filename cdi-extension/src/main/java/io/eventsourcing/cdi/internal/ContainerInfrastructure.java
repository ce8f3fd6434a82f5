package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.cdi.EventsStored;
import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.InfrastructureFactory;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.internal.InfrastructureHook;
import io.eventsourcing.serialization.Mapper;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.CDI;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The infrastructure of an {@code @EventSourced} application in a container: the factory its settings select (for
 * {@code datasource}, over the container's DataSource, joining its JTA transactions), with recorders that fire
 * {@link EventsStored} after each committed save.
 */
final class ContainerInfrastructure implements InfrastructureHook.Hook {

    private static final String DATASOURCE = "datasource";
    private static final System.Logger LOG = System.getLogger(EventsStored.class.getName());

    private final Class<? extends Application> application;
    private final Instance<Object> lookup;

    ContainerInfrastructure(Class<? extends Application> application, Instance<Object> lookup) {
        this.application = application;
        this.lookup = lookup;
    }

    @Override
    public InfrastructureFactory create(Settings settings, Function<Settings, InfrastructureFactory> byProvider) {
        // Not lookup.select(Event): ArC makes Event beans only for injection points.
        Event<EventsStored> event = CDI.current().getBeanContainer().getEvent()
                .select(EventsStored.class, EventSourced.Literal.of(application));
        Consumer<List<StoredEvent>> report = events -> {
            try {
                event.fire(new EventsStored(application, events));
            } catch (RuntimeException e) {
                // The events are stored: an observer's failure must not make the save look failed.
                LOG.log(System.Logger.Level.WARNING, "An observer of EventsStored of " + application.getName()
                        + " failed", e);
            }
        };
        return new ReportingFactory(factory(settings, byProvider), AfterCommit.find(lookup), report);
    }

    /**
     * For {@code datasource}, the DataSource the container offers as a bean: {@code @Named} by
     * {@code eventsourcing.datasource} if that is set and such a bean exists, else the {@code @Default} one (Quarkus's
     * Agroal). Otherwise, as in plain Java, the JNDI name in {@code eventsourcing.datasource} (Payara, WildFly).
     */
    private InfrastructureFactory factory(Settings settings, Function<Settings, InfrastructureFactory> byProvider) {
        if (!DATASOURCE.equals(settings.get(Settings.PERSISTENCE, "memory").trim())) {
            return byProvider.apply(settings);
        }
        Optional<String> name = settings.get(JdbcSettings.DATASOURCE).map(String::trim);
        Instance<DataSource> bean = name.isPresent()
                ? lookup.select(DataSource.class, NamedLiteral.of(name.get()))
                : lookup.select(DataSource.class);
        if (!bean.isResolvable()) {
            if (name.isPresent()) {
                return byProvider.apply(settings);
            }
            String own = "eventsourcing." + settings.applicationName() + ".datasource";
            throw new ConfigurationException(JdbcSettings.DATASOURCE, ("Missing configuration value for %s (or %s):"
                    + " name the container's DataSource by its JNDI name, or offer %s DataSource bean")
                    .formatted(JdbcSettings.DATASOURCE, own, bean.isAmbiguous() ? "only one" : "a"));
        }
        DataSource dataSource = bean.get();
        return Jta.present() ? Jta.jdbc(settings, dataSource, lookup)
                : JdbcInfrastructureFactory.create(settings, dataSource);
    }

    /** Delegates to the factory the settings select; its recorders report what they stored. */
    private static final class ReportingFactory implements InfrastructureFactory {

        private final InfrastructureFactory delegate;
        private final AfterCommit afterCommit;
        private final Consumer<List<StoredEvent>> report;
        private ApplicationRecorder applicationRecorder;
        private ProcessRecorder processRecorder;

        ReportingFactory(InfrastructureFactory delegate, AfterCommit afterCommit, Consumer<List<StoredEvent>> report) {
            this.delegate = delegate;
            this.afterCommit = afterCommit;
            this.report = report;
        }

        @Override
        public Mapper mapper() {
            return delegate.mapper();
        }

        @Override
        public synchronized ApplicationRecorder applicationRecorder() {
            if (applicationRecorder == null) {
                applicationRecorder = new ReportingRecorder(delegate.applicationRecorder(), afterCommit, report);
            }
            return applicationRecorder;
        }

        @Override
        public synchronized ProcessRecorder processRecorder() {
            if (processRecorder == null) {
                processRecorder = new ReportingProcessRecorder(delegate.processRecorder(), afterCommit, report);
            }
            return processRecorder;
        }

        @Override
        public AggregateRecorder snapshotRecorder() {
            return delegate.snapshotRecorder();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
