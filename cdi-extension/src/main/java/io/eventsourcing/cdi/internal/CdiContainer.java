package io.eventsourcing.cdi.internal;

import io.eventsourcing.container.Container;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.CDI;

import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;

/**
 * The {@link Container} of applications in a CDI container (Weld, ArC, Payara, WildFly), registered in
 * {@code META-INF/services}: the container's beans first, then what plain Java finds ({@link Container#plain()}:
 * JNDI). A DataSource is the bean {@code @Named} by its name, or for no name the {@code @Default} one (Quarkus's
 * Agroal); the transactions are the {@code TransactionSynchronizationRegistry} bean, begun (by projections) with the
 * {@code TransactionManager} or {@code UserTransaction} bean; the telemetry is the {@code OpenTelemetry} bean (Quarkus,
 * MicroProfile Telemetry), where the OpenTelemetry API is on the class path. Active on the threads from which
 * {@link CDI#current()} reaches a running container. Public for {@link java.util.ServiceLoader}.
 */
public final class CdiContainer implements Container {

    /** {@code io.opentelemetry.api.OpenTelemetry}, or {@code null} if the API is not on the class path. */
    private static final Class<?> OPEN_TELEMETRY = openTelemetryType();

    @Override
    public boolean isActive() {
        try {
            CDI.current();
            return true;
        } catch (IllegalStateException | LinkageError e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException if several beans qualify */
    @Override
    public Optional<DataSource> dataSource(String name) {
        Instance<DataSource> bean = name == null ? CDI.current().select(DataSource.class)
                : CDI.current().select(DataSource.class, NamedLiteral.of(name));
        if (bean.isAmbiguous()) {
            throw new IllegalArgumentException("several DataSource beans are %s: offer only one"
                    .formatted(name == null ? "@Default" : "@Named(\"" + name + "\")"));
        }
        return bean.isResolvable() ? Optional.of(bean.get()) : Container.plain().dataSource(name);
    }

    @Override
    public Optional<Object> transactions() {
        Optional<Object> bean = Jta.present() ? Jta.registry(CDI.current()) : Optional.empty();
        return bean.isPresent() ? bean : Container.plain().transactions();
    }

    /** The {@code TransactionManager} bean (Quarkus), else the {@code UserTransaction} bean (Payara, WildFly), else JNDI. */
    @Override
    public Optional<Object> demarcation() {
        Optional<Object> bean = Jta.present() ? Jta.demarcation(CDI.current()) : Optional.empty();
        return bean.isPresent() ? bean : Container.plain().demarcation();
    }

    /** The {@code OpenTelemetry} bean, if the container offers one. */
    @Override
    public Optional<Object> openTelemetry() {
        if (OPEN_TELEMETRY == null) {
            return Optional.empty();
        }
        Instance<?> bean = CDI.current().select(OPEN_TELEMETRY);
        return bean.isResolvable() ? Optional.of(bean.get()) : Optional.empty();
    }

    private static Class<?> openTelemetryType() {
        try {
            return Class.forName("io.opentelemetry.api.OpenTelemetry", false, CdiContainer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The container's default managed thread factory where JNDI has one (Payara, WildFly), else daemons. */
    @Override
    public ThreadFactory threadFactory(String name) {
        return Container.plain().threadFactory(name);
    }
}
