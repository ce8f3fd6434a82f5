package io.eventsourcing.container;

import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;

/**
 * The container the library runs in, as its infrastructure sees it: where a backend finds the container's
 * DataSource and JTA transactions, and makes the threads of its background work.
 *
 * <p>A container integration registers its implementation in
 * {@code META-INF/services/io.eventsourcing.container.Container} ({@code eventsourcing-cdi} does: CDI beans first,
 * then JNDI). {@link #current()} returns the first registered implementation that is {@linkplain #isActive() active}
 * for the calling thread, else {@link #plain()}. Implementations are thread-safe.
 */
public interface Container {

    /** @return whether this container runs and serves the calling thread (for CDI: {@code CDI.current()} works) */
    boolean isActive();

    /**
     * @param name the DataSource's name (a JNDI name; a container may also know its DataSources by other names), or
     *             {@code null} for the container's default DataSource
     * @return the DataSource, or empty if the container offers none of that name (or, for {@code null}, no default)
     * @throws IllegalArgumentException saying why if the name selects no single DataSource (it is bound to something
     *                                  else, several qualify)
     */
    Optional<DataSource> dataSource(String name);

    /**
     * @return the container's {@code jakarta.transaction.TransactionSynchronizationRegistry}, else its
     *         {@code TransactionManager}, or empty if it has neither (typed {@code Object}: this package needs no JTA)
     */
    Optional<Object> transactions();

    /**
     * @return what begins JTA transactions on the calling thread: the container's
     *         {@code jakarta.transaction.TransactionManager}, else its {@code UserTransaction}, or empty if it offers
     *         neither (typed {@code Object}: this package needs no JTA). A projection on the library's threads, where
     *         no transaction is active, begins one with it, so that JPA on the container's DataSource joins its work
     */
    default Optional<Object> demarcation() {
        return Optional.empty();
    }

    /**
     * @return the container's {@code io.opentelemetry.api.OpenTelemetry} (a MicroProfile Telemetry container's,
     *         Quarkus's), or empty if it offers none (typed {@code Object}: this package needs no OpenTelemetry).
     *         Applications and projections trace and measure their work with it; when the container offers none,
     *         with {@code GlobalOpenTelemetry}'s if it is set, else not at all
     */
    default Optional<Object> openTelemetry() {
        return Optional.empty();
    }

    /**
     * @param name the name of the threads it makes
     * @return a factory of threads for the library's background work: the container's managed threads where it has
     *         them (they run in the application's context and stop with it), else daemon threads
     */
    ThreadFactory threadFactory(String name);

    /**
     * @return the first active container registered with the context class loader or the library's, else
     *         {@link #plain()}
     */
    static Container current() {
        for (ClassLoader loader : new ClassLoader[]{Thread.currentThread().getContextClassLoader(),
                Container.class.getClassLoader()}) {
            if (loader != null) {
                for (Container container : ServiceLoader.load(Container.class, loader)) {
                    if (container.isActive()) {
                        return container;
                    }
                }
            }
        }
        return plain();
    }

    /**
     * @return plain Java, or a container known only by its JNDI: DataSources and transactions are looked up in JNDI
     *         where there is JNDI (there is no default DataSource), threads are the container's default managed
     *         thread factory's if JNDI has one, else daemons
     */
    static Container plain() {
        return Plain.INSTANCE;
    }
}
