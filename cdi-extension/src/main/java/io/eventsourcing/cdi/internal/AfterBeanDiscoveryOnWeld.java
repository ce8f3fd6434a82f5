package io.eventsourcing.cdi.internal;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;

import java.util.Optional;

/**
 * A portable extension, so run by Weld (SE, WildFly, Payara) and not by Quarkus: lends the {@link AfterBeanDiscovery}
 * event to the build-compatible extension's {@code @Synthesis}, which Weld runs in its own observer of the event right
 * after this one, on the same thread. Weld files the synthetic beans of a build-compatible extension in the bean
 * archive of its translator, a WildFly module whose beans WildFly's MicroProfile Health does not see; beans added to
 * the event directly are filed under their bean class ({@link HealthCheckCreator}). Public only because Weld
 * instantiates it and the extension takes the event.
 */
public final class AfterBeanDiscoveryOnWeld implements Extension {

    private static final ThreadLocal<Lent> LENT = new ThreadLocal<>();

    /**
     * The event, and the bean manager of this jar's bean archive, through which the beans added to it look up theirs.
     */
    public record Lent(AfterBeanDiscovery event, BeanManager beanManager) {
    }

    /** Runs just before Weld's translator of build-compatible extensions, which observes at {@code MAX_VALUE}. */
    void lend(@Observes @Priority(Integer.MAX_VALUE - 1) AfterBeanDiscovery event, BeanManager beanManager) {
        LENT.set(new Lent(event, beanManager));
    }

    /** @return the event, once, while the build-compatible extension's {@code @Synthesis} runs on Weld; else empty */
    public static Optional<Lent> take() {
        Lent lent = LENT.get();
        LENT.remove();
        return Optional.ofNullable(lent);
    }
}
