package io.eventsourcing.domain.internal;

import io.eventsourcing.domain.Aggregate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one aggregate class, as a snapshot holds it: its instance fields (of the class and its superclasses
 * below {@link Aggregate}; not static, not transient), each with a getter and a setter resolved once and cached.
 * Setters of final fields are allowed (the blank aggregate's constructor gave them their first values).
 */
public final class AggregateFields {

    private static final ClassValue<AggregateFields> CACHE = new ClassValue<>() {
        @Override
        protected AggregateFields computeValue(Class<?> type) {
            return resolve(type);
        }
    };

    /** One field: its name, declared type, and handles {@code (Aggregate) -> Object}, {@code (Aggregate, Object)}. */
    public record StateField(String name, Type type, MethodHandle getter, MethodHandle setter) {
    }

    private final List<StateField> fields;

    private AggregateFields(List<StateField> fields) {
        this.fields = fields;
    }

    /**
     * @return the fields of the aggregate class
     * @throws IllegalStateException naming the class and field if a field cannot be reached, or two have one name
     */
    public static AggregateFields of(Class<? extends Aggregate> type) {
        return CACHE.get(type);
    }

    public List<StateField> fields() {
        return fields;
    }

    private static AggregateFields resolve(Class<?> type) {
        List<StateField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Class<?> c = type; c != Aggregate.class && c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                    continue;
                }
                String where = c.getName() + "." + field.getName();
                if (!names.add(field.getName())) {
                    throw new IllegalStateException("Cannot snapshot " + type.getName() + ": two of its fields are"
                            + " named " + field.getName() + " (" + where + "); rename one, or mark it transient");
                }
                try {
                    field.setAccessible(true);
                    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                    fields.add(new StateField(field.getName(), field.getGenericType(),
                            lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class,
                                    Aggregate.class)),
                            lookup.unreflectSetter(field).asType(MethodType.methodType(void.class,
                                    Aggregate.class, Object.class))));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("Cannot snapshot " + type.getName() + ": cannot reach field "
                            + where + " (" + e.getMessage() + "); open its package to io.eventsourcing", e);
                }
            }
        }
        return new AggregateFields(List.copyOf(fields));
    }
}
