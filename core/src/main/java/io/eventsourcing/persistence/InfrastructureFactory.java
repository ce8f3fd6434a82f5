package io.eventsourcing.persistence;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.serialization.Mapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds the mapper and recorders of one application for the configured persistence
 * ({@value Settings#PERSISTENCE}: {@code memory} by default). Backends plug in as a {@link Provider} listed in
 * {@code META-INF/services/io.eventsourcing.persistence.InfrastructureFactory$Provider}.
 *
 * <pre>{@code
 * try (InfrastructureFactory factory = InfrastructureFactory.create(Map.of("eventsourcing.persistence", "memory"))) {
 *     EventStore store = factory.eventStore();
 * }
 * }</pre>
 *
 * <p>A factory owns what it opened (connection pools, files) and releases it on {@link #close()}. Implementations
 * are thread-safe.
 */
public interface InfrastructureFactory extends AutoCloseable {

    /**
     * @param settings the configuration, exactly as given
     * @return the factory for the configured persistence
     * @throws ConfigurationException naming the key if the persistence is unknown or a value is invalid
     */
    static InfrastructureFactory create(Map<String, String> settings) {
        return create(Settings.of(settings));
    }

    /**
     * @param settings the configuration
     * @return the factory for the configured persistence
     * @throws ConfigurationException naming the key if the persistence is unknown or a value is invalid
     */
    static InfrastructureFactory create(Settings settings) {
        String name = settings.get(Settings.PERSISTENCE, "memory").trim();
        List<String> available = new ArrayList<>();
        for (Provider provider : providers()) {
            if (provider.name().equals(name)) {
                return provider.create(settings);
            }
            available.add(provider.name());
        }
        String key = settings.keyOf(Settings.PERSISTENCE);
        throw new ConfigurationException(key,
                "Unknown persistence '%s' for %s: available are %s%s".formatted(name, key,
                        String.join(", ", available), moduleOf(name)));
    }

    /** @return which module to add for a persistence of this library's that is not on the class path */
    private static String moduleOf(String name) {
        return switch (name) {
            case "postgres", "sqlite" -> " (add eventsourcing-" + name + " to the class path)";
            case "datasource" -> " (add the module of the DataSource's database, eventsourcing-postgres or"
                    + " eventsourcing-sqlite, to the class path)";
            default -> "";
        };
    }

    private static Iterable<Provider> providers() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        List<Provider> providers = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ClassLoader loader : new ClassLoader[]{context, InfrastructureFactory.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            for (Provider provider : ServiceLoader.load(Provider.class, loader)) {
                if (!seen.contains(provider.name())) {
                    seen.add(provider.name());
                    providers.add(provider);
                }
            }
        }
        return providers;
    }

    /** @return the mapper, shared by the recorders of this factory */
    Mapper mapper();

    /** @return the recorder of the application's events and notification log */
    ApplicationRecorder applicationRecorder();

    /** @return the recorder of a process application: events, notification log and tracking */
    ProcessRecorder processRecorder();

    /**
     * @return the store of snapshots: an aggregate recorder of its own (one snapshot per aggregate version, no
     *         notification log)
     * @throws UnsupportedOperationException if this persistence keeps no snapshots
     */
    default SnapshotRecorder snapshotRecorder() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no snapshots");
    }

    /**
     * @return the store of a read model: its tracking records, written in one transaction with the model's changes
     * @throws UnsupportedOperationException if this persistence keeps no read models
     */
    default ProjectionRecorder projectionRecorder() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no read models");
    }

    /** @return an event store over the {@linkplain #applicationRecorder() application recorder} */
    default EventStore eventStore() {
        return new EventStore(mapper(), applicationRecorder());
    }

    /** Releases what the factory opened; the recorders must not be used afterwards. */
    @Override
    default void close() {
    }

    /**
     * A persistence backend, found with {@link ServiceLoader}.
     */
    interface Provider {

        /** @return the value of {@value Settings#PERSISTENCE} that selects this backend */
        String name();

        /**
         * @throws ConfigurationException naming the key if a value is missing or invalid
         */
        InfrastructureFactory create(Settings settings);
    }
}
