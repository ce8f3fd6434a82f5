package io.eventsourcing.domain.internal;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.serialization.internal.PersonalFields;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the library knows of one aggregate class, resolved once by reflection and cached: its topic, its no-arg
 * constructor and its {@code @Apply} handlers as method handles, so that triggering and replaying events does no
 * lookups.
 */
public final class AggregateType {

    private static final ClassValue<AggregateType> CACHE = new ClassValue<>() {
        @Override
        protected AggregateType computeValue(Class<?> type) {
            return resolve(type.asSubclass(Aggregate.class));
        }
    };
    private static final MethodType HANDLER_TYPE = MethodType.methodType(void.class, Aggregate.class, Record.class);
    private static final MethodType CONSTRUCTOR_TYPE = MethodType.methodType(Aggregate.class);

    private final Class<? extends Aggregate> type;
    private final String topic;
    private final Map<Class<?>, MethodHandle> handlers;
    /** The {@code @PersonalData} of the event classes that have some. */
    private final Map<Class<?>, PersonalFields> personal;
    private final MethodHandle constructor;

    private AggregateType(Class<? extends Aggregate> type, Map<Class<?>, MethodHandle> handlers,
                          Map<Class<?>, PersonalFields> personal, MethodHandle constructor) {
        this.type = type;
        this.topic = type.getName();
        this.handlers = handlers;
        this.personal = personal;
        this.constructor = constructor;
    }

    /**
     * @param type an aggregate class
     * @return the resolved aggregate type
     * @throws IllegalStateException naming the class and method if the class breaks a rule
     */
    public static AggregateType of(Class<? extends Aggregate> type) {
        return CACHE.get(type);
    }

    public String topic() {
        return topic;
    }

    /** @return the event classes this aggregate has handlers for */
    public Set<Class<?>> eventTypes() {
        return handlers.keySet();
    }

    /** @return the event classes this aggregate has handlers for that have {@code @PersonalData} components */
    public Set<Class<?>> personalEventTypes() {
        return personal.keySet();
    }

    /**
     * @return the subject whose personal data the event gives the aggregate, or {@code null} if it gives none (its
     *         class has none, or its values are forgotten)
     */
    public UUID subjectOf(DomainEvent event) {
        if (personal.isEmpty()) {
            return null;
        }
        PersonalFields fields = personal.get(event.payload().getClass());
        return fields == null ? null : fields.holder(event.payload(), event.originatorId());
    }

    /** Runs the handler for the event on the aggregate. */
    public void handle(Aggregate aggregate, Record event) {
        MethodHandle handler = handlers.get(event.getClass());
        if (handler == null) {
            throw new IllegalStateException("%s has no @Apply method for event %s; add one: @Apply void on(%s e) { ... }"
                    .formatted(type.getName(), event.getClass().getName(), event.getClass().getSimpleName()));
        }
        try {
            handler.invokeExact(aggregate, event);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /** Makes a blank instance through the no-arg constructor, ready to replay events into. */
    public Aggregate newBlank() {
        try {
            return (Aggregate) constructor.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /**
     * Rebuilds an aggregate from its events, oldest first.
     *
     * @param events the events from version 1 on
     * @return the aggregate, or {@code null} if there are no events
     */
    public static Aggregate rebuild(Class<? extends Aggregate> type, List<DomainEvent> events) {
        if (events.isEmpty()) {
            return null;
        }
        Aggregate aggregate = of(type).newBlank();
        AggregateAccess access = AggregateAccess.get();
        for (int i = 0, n = events.size(); i < n; i++) {
            access.apply(aggregate, events.get(i));
        }
        return aggregate;
    }

    /**
     * JSON-B reads and writes public types only: an event record, and every record or enum it holds, must be public.
     */
    private static void checkPublic(Type type, String where, List<String> problems,
                                    Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                checkPublic(argument, where, problems, seen);
            }
        } else if (type instanceof Class<?> c) {
            if (c.isArray()) {
                checkPublic(c.getComponentType(), where, problems, seen);
            } else if ((c.isRecord() || c.isEnum()) && !Modifier.isPublic(c.getModifiers())) {
                problems.add("%s %s used by @Apply method %s must be public: events are written as JSON by JSON-B,"
                        .formatted(c.isRecord() ? "record" : "enum", c.getName(), where)
                        + " which reads public types only");
            } else if (c.isRecord()) {
                for (RecordComponent component : c.getRecordComponents()) {
                    checkPublic(component.getGenericType(), where, problems, seen);
                }
            }
        }
    }

    private static AggregateType resolve(Class<? extends Aggregate> type) {
        List<String> problems = new ArrayList<>();
        MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot access " + type.getName() + ": " + e.getMessage()
                    + ". Open its package to io.eventsourcing.", e);
        }
        MethodHandle constructor = null;
        if (Modifier.isAbstract(type.getModifiers())) {
            problems.add(type.getName() + " is abstract: only concrete aggregate classes can be rebuilt");
        } else {
            try {
                Constructor<? extends Aggregate> noArgs = type.getDeclaredConstructor();
                constructor = lookup.unreflectConstructor(noArgs).asType(CONSTRUCTOR_TYPE);
            } catch (NoSuchMethodException e) {
                problems.add(type.getName() + " has no no-arg constructor: add one of any visibility, used to"
                        + " rebuild it from stored events, for example: private " + type.getSimpleName() + "() {}");
            } catch (IllegalAccessException e) {
                problems.add("Cannot access the no-arg constructor of " + type.getName() + ": " + e.getMessage());
            }
        }
        Map<Class<?>, MethodHandle> handlers = new HashMap<>();
        // Subclasses first: a subclass's handler for an event type overrides its superclass's.
        for (Class<?> c = type; c != Aggregate.class && c != null; c = c.getSuperclass()) {
            Map<Class<?>, Method> declared = new HashMap<>();
            for (Method method : c.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Apply.class)) {
                    continue;
                }
                String where = c.getName() + "." + method.getName();
                Class<?>[] params = method.getParameterTypes();
                if (params.length != 1 || !params[0].isRecord()) {
                    problems.add("@Apply method " + where + " must take exactly one parameter, an event record");
                    continue;
                }
                if (Modifier.isStatic(method.getModifiers())) {
                    problems.add("@Apply method " + where + " must not be static");
                    continue;
                }
                checkPublic(params[0], where, problems, new HashSet<>());
                Method other = declared.putIfAbsent(params[0], method);
                if (other != null) {
                    problems.add("@Apply methods " + where + " and " + c.getName() + "." + other.getName()
                            + " both handle " + params[0].getName() + ": keep one");
                    continue;
                }
                if (handlers.containsKey(params[0])) {
                    continue;
                }
                try {
                    MethodHandle lookupIn = MethodHandles.privateLookupIn(c, MethodHandles.lookup())
                            .unreflect(method);
                    handlers.put(params[0], lookupIn.asType(HANDLER_TYPE));
                } catch (IllegalAccessException e) {
                    problems.add("Cannot access @Apply method " + where + ": " + e.getMessage());
                }
            }
        }
        Map<Class<?>, PersonalFields> personal = new HashMap<>();
        for (Class<?> event : handlers.keySet()) {
            try {
                PersonalFields fields = PersonalFields.of(event);
                if (!fields.isEmpty()) {
                    personal.put(event, fields);
                }
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid aggregate " + type.getName() + ": " + String.join("; ", problems));
        }
        return new AggregateType(type, Map.copyOf(handlers), Map.copyOf(personal), constructor);
    }
}
