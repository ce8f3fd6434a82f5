package io.eventsourcing.jdbc.testing;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI name space for the tests, as a container has: {@link #bind} names, then {@code new InitialContext()}
 * finds them (this class is the {@code java.naming.factory.initial}).
 */
public final class TestJndi implements InitialContextFactory {

    private static final Map<String, Object> NAMES = new ConcurrentHashMap<>();

    public static void bind(String name, Object value) {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestJndi.class.getName());
        NAMES.put(name, value);
    }

    public static void unbind(String name) {
        NAMES.remove(name);
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(TestJndi.class.getClassLoader(), new Class<?>[]{Context.class},
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
