package io.eventsourcing.cdi.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.cdi.EventSourced;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.RecorderStatus;
import io.eventsourcing.system.Follower;
import io.eventsourcing.system.ProcessingException;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanBuilder;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MicroProfile Health checks, beans the extension adds only when the API is on the class path (only this class
 * refers to it): a readiness check per application ({@code eventsourcing-application DogSchool}: its database
 * answers a cheap query within a second and no committed row has waited more than 10 s for its notification id), one
 * per follower of an application ({@code eventsourcing-follower DogList <- DogSchool}: its lag is below
 * {@value io.eventsourcing.config.Settings#HEALTH_MAX_LAG} and no failing notification stopped it), and a liveness
 * check ({@code eventsourcing-followers}: the followers' threads run). Public only because containers instantiate it.
 */
public final class HealthCheckCreator implements SyntheticBeanCreator<HealthCheck> {

    /** The name of the liveness check. */
    public static final String LIVENESS = "eventsourcing-followers";
    /** How long the database may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long a committed row may wait for its notification id. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private static final String NAME = "name";
    private static final String APPLICATION = "application";
    private static final String LEADER = "leader";

    /**
     * Adds the checks' beans: {@code HealthCheck}, {@code @Readiness} or {@code @Liveness}, and {@code @Named} by
     * the check's name (which keeps the beans apart).
     *
     * @param applications the {@code @EventSourced} applications
     * @param followers    the {@code @Follows} applications and projections, each with the applications it follows
     */
    public static void register(SyntheticComponents components, List<Class<? extends Application>> applications,
                                Map<Class<?>, List<Class<? extends Application>>> followers) {
        for (Class<? extends Application> application : applications) {
            String name = "eventsourcing-application " + application.getSimpleName();
            bean(components, name, Readiness.Literal.INSTANCE).withParam(APPLICATION, application);
        }
        followers.forEach((follower, leaders) -> {
            for (Class<? extends Application> leader : leaders) {
                String name = "eventsourcing-follower %s <- %s".formatted(follower.getSimpleName(),
                        leader.getSimpleName());
                bean(components, name, Readiness.Literal.INSTANCE).withParam(APPLICATION, follower)
                        .withParam(LEADER, leader);
            }
        });
        bean(components, LIVENESS, Liveness.Literal.INSTANCE);
    }

    /** @return the builder of a check's bean, to which the caller adds the parameters that select what it checks */
    private static SyntheticBeanBuilder<HealthCheck> bean(SyntheticComponents components, String name,
                                                          Annotation kind) {
        return components.addBean(HealthCheck.class)
                .type(HealthCheck.class)
                .qualifier(kind)
                .qualifier(NamedLiteral.of(name))
                .qualifier(Any.Literal.INSTANCE)
                .scope(Singleton.class)
                .withParam(NAME, name)
                .createWith(HealthCheckCreator.class);
    }

    @Override
    public HealthCheck create(Instance<Object> lookup, Parameters params) {
        String name = params.get(NAME, String.class);
        Class<?> application = params.get(APPLICATION, Class.class);
        Class<?> leader = params.get(LEADER, Class.class);
        if (application == null) {
            Followers followers = lookup.select(Followers.class).get();
            return () -> liveness(followers.running());
        }
        Object member = lookup.select(application, qualifiers(application)).get();
        if (leader == null) {
            Application app = (Application) member;
            return () -> readiness(name, app);
        }
        Application leading = lookup.select(Application.class, EventSourced.Literal.of(leader.asSubclass(
                Application.class))).get();
        int maxLag = Followers.maxLag(member);
        return () -> readiness(name, (Follower) member, leading, maxLag);
    }

    /** An application's bean has {@code @EventSourced(App.class)}, a projection's {@code @Default}. */
    private static Annotation[] qualifiers(Class<?> member) {
        return Application.class.isAssignableFrom(member)
                ? new Annotation[]{EventSourced.Literal.of(member.asSubclass(Application.class))}
                : new Annotation[0];
    }

    private static HealthCheckResponse readiness(String name, Application application) {
        RecorderStatus status = application.eventStore().recorder() instanceof ApplicationRecorder recorder
                ? recorder.status(TIMEOUT) : RecorderStatus.up();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name)
                .withData("waiting", status.waiting())
                .withData("longest-wait-ms", status.longestWait().toMillis());
        Optional<String> problem = status.problem().or(() -> status.longestWait().compareTo(MAX_WAIT) > 0
                ? Optional.of("Committed rows have waited %d ms for their notification ids, more than %d ms"
                        .formatted(status.longestWait().toMillis(), MAX_WAIT.toMillis()))
                : Optional.empty());
        problem.ifPresent(text -> response.withData("problem", text));
        return response.status(problem.isEmpty()).build();
    }

    private static HealthCheckResponse readiness(String name, Follower follower, Application leader, int maxLag) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).withData("max-lag", maxLag);
        Optional<ProcessingException> failure = follower.failure(leader.name());
        if (failure.isPresent()) {
            response.withData("failing-notification-id", failure.get().notificationId())
                    .withData("error", String.valueOf(failure.get().getMessage()));
        }
        try {
            long position = follower.position(leader.name());
            long lag = leader.notificationLog().maxNotificationId() - position;
            response.withData("position", position).withData("lag", lag);
            return response.status(failure.isEmpty() && lag < maxLag).build();
        } catch (RuntimeException e) {
            if (failure.isEmpty()) {
                response.withData("error", String.valueOf(e.getMessage()));
            }
            return response.down().build();
        }
    }

    private static HealthCheckResponse liveness(Map<String, Boolean> running) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(LIVENESS);
        running.forEach(response::withData);
        return response.status(!running.containsValue(false)).build();
    }
}
