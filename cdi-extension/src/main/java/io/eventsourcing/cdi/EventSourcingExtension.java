package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.cdi.internal.AfterBeanDiscoveryOnWeld;
import io.eventsourcing.cdi.internal.AggregateCheck;
import io.eventsourcing.cdi.internal.ApplicationCreator;
import io.eventsourcing.cdi.internal.ApplicationDisposer;
import io.eventsourcing.cdi.internal.ApplicationPartCreator;
import io.eventsourcing.cdi.internal.ApplicationStarter;
import io.eventsourcing.cdi.internal.Followers;
import io.eventsourcing.cdi.internal.HealthCheckCreator;
import io.eventsourcing.cdi.internal.ProjectionCreator;
import io.eventsourcing.cdi.internal.ProjectionDisposer;
import io.eventsourcing.cdi.internal.ResolveAggregates;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.internal.ClassIndex;
import io.eventsourcing.persistence.EventStore;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.internal.PolicyType;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.MetaAnnotations;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanBuilder;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.Validation;
import jakarta.enterprise.lang.model.declarations.ClassInfo;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CDI Lite extension that makes {@link EventSourced @EventSourced} applications and projections beans. It runs in
 * every CDI 4.0 container: Weld (SE, Payara, WildFly) and Quarkus ArC. Users do not call it; the jar registers it.
 *
 * <p>It finds applications, projections and aggregates among the classes the container shows it and in the index the
 * annotation processor writes at compile time ({@link ClassIndex}), because Weld in annotated discovery mode shows
 * extensions only the classes that are beans, and aggregates never are. For each application it registers a singleton
 * bean (qualifiers {@code @Default} and {@code @EventSourced(App.class)}) and, with the qualifier
 * {@code @EventSourced(App.class)}, its {@link Repository}, {@link EventStore} and {@link NotificationLog}; for each
 * projection a singleton bean of its classes and the interfaces they declare. At validation it checks every application
 * and aggregate class, resolving aggregate handlers once, and reports every problem, naming the class and method; when
 * the container starts it creates every application, so that a configuration error fails the start-up naming the key
 * (also a missing master key when an aggregate of the deployment has {@code @PersonalData}).
 * When MicroProfile Health is on the class path, it adds readiness checks of each application and follower and a
 * liveness check of the followers' threads ({@link HealthCheckCreator}; on Weld through the event
 * {@link AfterBeanDiscoveryOnWeld} lends it).
 *
 * <p>Its phase methods are public only because Weld calls them reflectively from another package.
 */
public final class EventSourcingExtension implements BuildCompatibleExtension {

    /** Class name to the index files that list it; empty for classes the container showed the extension. */
    private final Map<String, List<URL>> applicationNames = new LinkedHashMap<>();
    private final Map<String, List<URL>> projectionNames = new LinkedHashMap<>();
    private final Map<String, List<URL>> aggregateNames = new LinkedHashMap<>();
    private final List<Class<? extends Aggregate>> aggregates = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    @Discovery
    public void readIndex(MetaAnnotations meta, ScannedClasses scan) {
        // ArC knows only the qualifiers of indexed archives, and this jar carries no index: declare ours.
        meta.addQualifier(EventSourced.class);
        scan.add(ApplicationStarter.class.getName());
        scan.add(Followers.class.getName());
        ClassLoader loader = loader();
        try {
            ClassIndex.read(loader, ClassIndex.APPLICATIONS).forEach(applicationNames::put);
            ClassIndex.read(loader, ClassIndex.PROJECTIONS).forEach(projectionNames::put);
            ClassIndex.read(loader, ClassIndex.AGGREGATES).forEach(aggregateNames::put);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }

    @Enhancement(types = Application.class, withSubtypes = true)
    public void application(ClassConfig type) {
        if (type.info().hasAnnotation(EventSourced.class)) {
            applicationNames.putIfAbsent(type.info().name(), List.of());
            // The extension's synthetic bean is the application's bean. Where the container also makes the class a
            // managed bean (discovery mode "all"), @Typed() leaves that bean no type a lookup could ask for.
            type.addAnnotation(Typed.Literal.of(new Class<?>[0]));
        }
    }

    @Enhancement(types = Projection.class, withSubtypes = true)
    public void projection(ClassConfig type) {
        if (type.info().hasAnnotation(EventSourced.class)) {
            projectionNames.putIfAbsent(type.info().name(), List.of());
            type.addAnnotation(Typed.Literal.of(new Class<?>[0]));      // as for applications
        }
    }

    @Enhancement(types = Aggregate.class, withSubtypes = true)
    public void aggregate(ClassInfo type) {
        if (!type.isAbstract() && !type.name().equals(Aggregate.class.getName())) {
            aggregateNames.putIfAbsent(type.name(), List.of());
        }
    }

    @Synthesis
    public void register(SyntheticComponents components) {
        Optional<AfterBeanDiscoveryOnWeld.Lent> weld = AfterBeanDiscoveryOnWeld.take();
        ClassLoader loader = loader();
        List<Class<? extends Application>> registered = new ArrayList<>();
        Map<Class<?>, List<Class<? extends Application>>> followers = new LinkedHashMap<>();
        aggregateNames.forEach((name, listedIn) -> {
            Class<?> type = load(name, listedIn, loader);
            if (type != null) {
                if (Aggregate.class.isAssignableFrom(type)) {
                    aggregates.add(type.asSubclass(Aggregate.class));
                } else {
                    problems.add("%s is listed as an aggregate in %s but does not extend %s: rebuild it"
                            .formatted(name, listedIn, Aggregate.class.getName()));
                }
            }
        });
        Class<?>[] aggregateClasses = aggregates.toArray(new Class<?>[0]);
        applicationNames.forEach((name, listedIn) -> {
            Class<?> type = load(name, listedIn, loader);
            // The index lists every application class; only those marked @EventSourced become beans.
            if (type != null && type.isAnnotationPresent(EventSourced.class)) {
                Class<? extends Application> application = type.asSubclass(Application.class);
                check(application, "application");
                register(components, application, aggregateClasses);
                registered.add(application);
            }
        });
        for (Class<? extends Application> application : registered) {
            Follows follows = application.getAnnotation(Follows.class);
            if (follows != null) {
                checkFollower(application, follows, registered);
                followers.put(application, List.of(follows.value()));
            }
        }
        projectionNames.forEach((name, listedIn) -> {
            Class<?> type = load(name, listedIn, loader);
            if (type != null && type.isAnnotationPresent(EventSourced.class)) {
                Class<? extends Projection> projection = type.asSubclass(Projection.class);
                check(projection, "projection");
                Follows follows = projection.getAnnotation(Follows.class);
                if (follows == null) {
                    problems.add(("@EventSourced projection %s follows nothing: name the applications it follows,"
                            + " as in @Follows(DogSchool.class)").formatted(name));
                } else {
                    checkFollower(projection, follows, registered);
                    followers.put(projection, List.of(follows.value()));
                }
                registerProjection(components, projection);
            } else if (type != null && type.isAnnotationPresent(Follows.class)) {
                problems.add(("@Follows on projection %s, which is not @EventSourced: mark it @EventSourced for the"
                        + " container to run it").formatted(name));
            }
        });
        if (healthApiPresent()) {
            HealthCheckCreator.register(components, weld, registered, followers);
        }
        components.addObserver(Startup.class)
                .priority(Interceptor.Priority.LIBRARY_BEFORE)
                .withParam(ResolveAggregates.AGGREGATES, aggregateClasses)
                .observeWith(ResolveAggregates.class);
    }

    @Validation
    public void validate(Messages messages) {
        ClassLoader loader = loader();
        for (Class<? extends Aggregate> aggregate : aggregates) {
            problems.addAll(AggregateCheck.problems(aggregate, loader));
        }
        for (String problem : problems) {
            messages.error(problem);
        }
    }

    /** @param kind "application" or "projection", for the messages */
    private void check(Class<?> type, String kind) {
        String name = type.getName();
        if (Modifier.isAbstract(type.getModifiers())) {
            problems.add("@EventSourced %s %s is abstract: mark the concrete subclass instead".formatted(kind, name));
        } else if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            problems.add("@EventSourced %s %s is an inner class: make it static".formatted(kind, name));
        } else {
            try {
                type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                problems.add(("@EventSourced %s %s has no no-arg constructor: add one, for example"
                        + " public %s() {}; it reads the configuration from MicroProfile Config")
                        .formatted(kind, name, type.getSimpleName()));
            }
        }
        if (type.getAnnotation(EventSourced.class).value() != Application.class) {
            problems.add(("@EventSourced(%s.class) on %s %s: leave the value out on the %s class;"
                    + " it selects an application at injection points").formatted(
                    type.getAnnotation(EventSourced.class).value().getSimpleName(), kind, name, kind));
        }
    }

    private void checkFollower(Class<?> application, Follows follows,
                               List<Class<? extends Application>> registered) {
        String name = application.getName();
        if (!ProcessApplication.class.isAssignableFrom(application) && !Projection.class.isAssignableFrom(application)) {
            problems.add("@Follows on %s: only a %s or a %s follows other applications".formatted(name,
                    ProcessApplication.class.getName(), Projection.class.getName()));
            return;
        }
        try {
            PolicyType.of(application);
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        for (Class<? extends Application> leader : follows.value()) {
            if (leader == application) {
                problems.add("@Follows on %s names itself: an application cannot follow itself".formatted(name));
            } else if (!registered.contains(leader)) {
                problems.add(("%s follows %s, which is not an @EventSourced application of this deployment: mark"
                        + " it @EventSourced, or deploy it").formatted(name, leader.getName()));
            }
        }
    }

    /**
     * An application's bean and its parts' beans. The bean's creator also gets the deployment's aggregates, to refuse
     * an application without a master key if any of them has personal data.
     */
    @SuppressWarnings("unchecked")
    private static void register(SyntheticComponents components, Class<? extends Application> application,
                                 Class<?>[] aggregates) {
        EventSourced qualifier = EventSourced.Literal.of(application);
        SyntheticBeanBuilder<Application> bean = components.addBean((Class<Application>) application);
        for (Class<?> type = application; type != Object.class; type = type.getSuperclass()) {
            bean.type(type);
        }
        bean.type(Object.class)
                .qualifier(Default.Literal.INSTANCE)
                .qualifier(Any.Literal.INSTANCE)
                .qualifier(qualifier)
                .scope(Singleton.class)
                .withParam(ApplicationCreator.APPLICATION, application)
                .withParam(ApplicationCreator.AGGREGATES, aggregates)
                .createWith(ApplicationCreator.class)
                .disposeWith(ApplicationDisposer.class);
        for (Class<?> part : List.of(Repository.class, EventStore.class, NotificationLog.class)) {
            components.addBean((Class<Object>) part)
                    .type(part)
                    .qualifier(Any.Literal.INSTANCE)
                    .qualifier(qualifier)
                    .scope(Dependent.class)
                    .withParam(ApplicationCreator.APPLICATION, application)
                    .withParam(ApplicationPartCreator.PART, part)
                    .createWith(ApplicationPartCreator.class);
        }
    }

    /**
     * A projection's bean: its classes up to {@link Projection} and the interfaces they declare (so that a resource
     * may inject the view by an interface of its own), {@code @Default}, a singleton the container creates at start.
     */
    @SuppressWarnings("unchecked")
    private static void registerProjection(SyntheticComponents components, Class<? extends Projection> projection) {
        SyntheticBeanBuilder<Projection> bean = components.addBean((Class<Projection>) projection);
        for (Class<?> type = projection; type != Projection.class; type = type.getSuperclass()) {
            bean.type(type);
            for (Class<?> declared : type.getInterfaces()) {
                bean.type(declared);
            }
        }
        bean.type(Projection.class)
                .type(Object.class)
                .qualifier(Default.Literal.INSTANCE)
                .qualifier(Any.Literal.INSTANCE)
                .scope(Singleton.class)
                .withParam(ProjectionCreator.PROJECTION, projection)
                .createWith(ProjectionCreator.class)
                .disposeWith(ProjectionDisposer.class);
    }

    /**
     * @return whether MicroProfile Health is on the class path: then the extension adds its checks. Asked of this
     *         jar's class loader, which links them.
     */
    private static boolean healthApiPresent() {
        try {
            Class.forName("org.eclipse.microprofile.health.HealthCheck", false,
                    EventSourcingExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Class<?> load(String name, List<URL> listedIn, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add("Cannot load %s%s: %s; rebuild the archive so that its index matches its classes"
                    .formatted(name, listedIn.isEmpty() ? "" : " listed in " + listedIn, e));
            return null;
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : EventSourcingExtension.class.getClassLoader();
    }
}
