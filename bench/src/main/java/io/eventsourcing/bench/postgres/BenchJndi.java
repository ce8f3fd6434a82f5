package io.eventsourcing.bench.postgres;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI name space as a container has one, so that the library finds the transaction synchronization registry
 * and the DataSource the way it does in a container ({@code eventsourcing.persistence=datasource}).
 */
public final class BenchJndi implements InitialContextFactory {

    private static final Map<String, Object> NAMES = new ConcurrentHashMap<>();

    static void bind(String name, Object value) {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, BenchJndi.class.getName());
        NAMES.put(name, value);
    }

    static void unbind(String name) {
        NAMES.remove(name);
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(BenchJndi.class.getClassLoader(), new Class<?>[]{Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookup" -> {
                        Object value = NAMES.get(String.valueOf(args[0]));
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
