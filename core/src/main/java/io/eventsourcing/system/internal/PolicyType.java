package io.eventsourcing.system.internal;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessingEvent;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Policy} methods of one follower class (a process application's take a {@link ProcessingEvent}, a
 * projection's a {@link ProjectionContext}), resolved once to method handles and cached, with the topics they
 * handle (so that a follower reads only the notifications it has a policy for).
 */
public final class PolicyType {

    private static final ClassValue<PolicyType> CACHE = new ClassValue<>() {
        @Override
        protected PolicyType computeValue(Class<?> type) {
            return resolve(type);
        }
    };
    private static final MethodType HANDLER_TYPE =
            MethodType.methodType(void.class, Object.class, Record.class, Object.class);

    private final Map<Class<?>, MethodHandle> handlers;
    private final Set<String> topics;

    private PolicyType(Map<Class<?>, MethodHandle> handlers) {
        this.handlers = handlers;
        Set<String> names = new HashSet<>();
        handlers.keySet().forEach(type -> names.add(type.getName()));
        this.topics = Set.copyOf(names);
    }

    /**
     * @return the policies of the class
     * @throws IllegalStateException naming the class and method if a policy breaks a rule
     */
    public static PolicyType of(Class<?> type) {
        return CACHE.get(type);
    }

    /** @return the topics of the event records the policies handle */
    public Set<String> topics() {
        return topics;
    }

    /**
     * Runs the policy for the event's class; does nothing if there is none.
     *
     * @param context the {@link ProcessingEvent} or {@link ProjectionContext} of this call
     * @throws Exception what the policy threw
     */
    public void handle(Object follower, Record event, Object context) throws Exception {
        MethodHandle handler = handlers.get(event.getClass());
        if (handler == null) {
            return;
        }
        try {
            handler.invokeExact(follower, event, context);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private static PolicyType resolve(Class<?> type) {
        Class<?> context = Projection.class.isAssignableFrom(type) ? ProjectionContext.class : ProcessingEvent.class;
        List<String> problems = new ArrayList<>();
        Map<Class<?>, MethodHandle> handlers = new HashMap<>();
        // Subclasses first: a subclass's policy for an event type overrides its superclass's.
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Map<Class<?>, Method> declared = new HashMap<>();
            for (Method method : c.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Policy.class)) {
                    continue;
                }
                String where = c.getName() + "." + method.getName();
                Class<?>[] params = method.getParameterTypes();
                if (params.length != 2 || !params[0].isRecord() || params[1] != context) {
                    problems.add("@Policy method " + where + " must take two parameters, an event record and a"
                            + " " + context.getSimpleName());
                    continue;
                }
                if (Modifier.isStatic(method.getModifiers())) {
                    problems.add("@Policy method " + where + " must not be static");
                    continue;
                }
                Method other = declared.putIfAbsent(params[0], method);
                if (other != null) {
                    problems.add("@Policy methods " + where + " and " + c.getName() + "." + other.getName()
                            + " both handle " + params[0].getName() + ": keep one");
                    continue;
                }
                if (handlers.containsKey(params[0])) {
                    continue;
                }
                try {
                    MethodHandle handle = MethodHandles.privateLookupIn(c, MethodHandles.lookup()).unreflect(method);
                    handlers.put(params[0], handle.asType(HANDLER_TYPE));
                } catch (IllegalAccessException e) {
                    problems.add("Cannot access @Policy method " + where + ": " + e.getMessage()
                            + ". Open its package to io.eventsourcing.");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid " + (context == ProcessingEvent.class ? "process application "
                    : "projection ") + type.getName() + ": "
                    + String.join("; ", problems));
        }
        return new PolicyType(Map.copyOf(handlers));
    }
}
