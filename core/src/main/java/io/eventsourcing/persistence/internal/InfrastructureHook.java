package io.eventsourcing.persistence.internal;

import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.InfrastructureFactory;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lets a container integration (the CDI extension) supply the infrastructure of the application it is constructing:
 * the container's DataSource and transaction registry, or recorders that report what they stored. The application
 * class stays the same as in plain Java, with its no-arg constructor; the hook applies to the first
 * {@link InfrastructureFactory#create(Settings)} on the constructing thread only, and nowhere else.
 */
public final class InfrastructureHook {

    /** Makes the infrastructure of one application. */
    @FunctionalInterface
    public interface Hook {

        /**
         * @param settings   the application's settings
         * @param byProvider makes the factory the settings select, as without the hook
         * @return the factory the application uses
         */
        InfrastructureFactory create(Settings settings, Function<Settings, InfrastructureFactory> byProvider);
    }

    private static final ThreadLocal<Hook> CURRENT = new ThreadLocal<>();

    private InfrastructureHook() {
    }

    /**
     * Runs {@code construct} (an application's constructor) with the hook in place.
     *
     * @return what {@code construct} returns
     */
    public static <T> T during(Hook hook, Supplier<T> construct) {
        return ThreadScope.with(CURRENT, hook, construct);
    }

    /**
     * Called by {@link InfrastructureFactory#create(Settings)}.
     *
     * @return the hook's factory if a hook is in place on this thread (used once), else {@code byProvider}'s
     */
    public static InfrastructureFactory create(Settings settings,
                                               Function<Settings, InfrastructureFactory> byProvider) {
        Hook hook = CURRENT.get();
        if (hook == null) {
            return byProvider.apply(settings);
        }
        // Once: infrastructure the hook itself or the application creates later is made as usual.
        CURRENT.remove();
        return hook.create(settings, byProvider);
    }
}
