package io.eventsourcing.jdbc.spi;

import java.util.concurrent.ThreadFactory;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** What the recorders (and the CDI extension) look up in a container's JNDI, when there is one. */
public final class Jndi {

    /** Where Jakarta Concurrency binds the container's default managed thread factory. */
    static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private Jndi() {
    }

    /** @return what is bound under the name, or {@code null} if nothing is, or there is no JNDI (plain Java, Quarkus) */
    public static Object find(String name) {
        try {
            return new InitialContext().lookup(name);
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param name names the threads made by the returned factory
     * @return the container's managed thread factory (its threads run with the application's context and the
     * container stops them with it), or else one making daemon threads
     */
    public static ThreadFactory threadFactory(String name) {
        if (find(MANAGED_THREAD_FACTORY) instanceof ThreadFactory managed) {
            return runnable -> {
                Thread thread = managed.newThread(runnable);
                thread.setName(name);
                return thread;
            };
        }
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
