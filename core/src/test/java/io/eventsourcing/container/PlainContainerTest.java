package io.eventsourcing.container;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container SPI's default, where no container is registered (core registers none): plain Java, and JNDI. */
class PlainContainerTest {

    private static final Map<String, Object> JNDI = new ConcurrentHashMap<>();

    @Test
    void without_a_registered_container_the_current_one_is_plain_java() {
        assertThat(Container.current()).isSameAs(Container.plain());
        assertThat(Container.plain().isActive()).isTrue();
    }

    @Test
    void without_jndi_it_offers_no_datasource_and_no_transactions() {
        assertThat(Container.plain().dataSource("java:comp/env/jdbc/dogs")).isEmpty();
        assertThat(Container.plain().dataSource(null)).isEmpty();
        assertThat(Container.plain().transactions()).isEmpty();
    }

    @Test
    void without_jndi_its_threads_are_daemons_of_the_name() {
        Thread thread = Container.plain().threadFactory("eventsourcing-test").newThread(() -> { });

        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).isEqualTo("eventsourcing-test");
    }

    /** A container known by its JNDI only, as Payara and WildFly are to plain Java code. */
    @Nested
    class WithJndi {

        WithJndi() {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestContext.class.getName());
        }

        @AfterEach
        void clear() {
            JNDI.clear();
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        }

        @Test
        void a_datasource_is_looked_up_by_its_name_and_there_is_no_default_one() {
            DataSource dogs = dataSource();
            JNDI.put("java:comp/env/jdbc/dogs", dogs);

            assertThat(Container.plain().dataSource("java:comp/env/jdbc/dogs")).containsSame(dogs);
            assertThat(Container.plain().dataSource("java:comp/env/jdbc/cats")).isEmpty();
            assertThat(Container.plain().dataSource(null)).isEmpty();
        }

        @Test
        void a_name_bound_to_something_else_than_a_datasource_fails_saying_what_it_is() {
            JNDI.put("java:comp/env/jdbc/dogs", "a string");

            assertThatThrownBy(() -> Container.plain().dataSource("java:comp/env/jdbc/dogs"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'java:comp/env/jdbc/dogs' is a java.lang.String in JNDI, not a DataSource");
        }

        @Test
        void the_transactions_are_the_synchronization_registry_before_a_transaction_manager() {
            Object registry = new Object();
            Object manager = new Object();
            JNDI.put("java:/TransactionManager", manager);
            assertThat(Container.plain().transactions()).containsSame(manager);

            JNDI.put("java:comp/TransactionSynchronizationRegistry", registry);
            assertThat(Container.plain().transactions()).containsSame(registry);
        }

        @Test
        void threads_come_from_the_default_managed_thread_factory_named() {
            List<Thread> made = new CopyOnWriteArrayList<>();
            ThreadFactory managed = runnable -> {
                Thread thread = new Thread(runnable);
                made.add(thread);
                return thread;
            };
            JNDI.put("java:comp/DefaultManagedThreadFactory", managed);

            Thread thread = Container.plain().threadFactory("eventsourcing-test").newThread(() -> { });

            assertThat(made).containsExactly(thread);
            assertThat(thread.getName()).isEqualTo("eventsourcing-test");
            assertThat(thread.isDaemon()).isFalse();
        }
    }

    private static DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(PlainContainerTest.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "a DataSource";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The JNDI of {@link WithJndi}: {@code new InitialContext()} finds what {@link #JNDI} binds. */
    public static final class TestContext implements InitialContextFactory {

        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(TestContext.class.getClassLoader(), new Class<?>[]{Context.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "lookup" -> {
                            Object value = JNDI.get(String.valueOf(args[0]));
                            if (value == null) {
                                throw new NameNotFoundException(String.valueOf(args[0]));
                            }
                            yield value;
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
