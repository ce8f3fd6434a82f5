/**
 * The CDI extension: {@code @EventSourced} applications and {@code @Follows} followers in a CDI container (Weld,
 * Quarkus ArC, Payara, WildFly), and the container's DataSource, transactions and threads offered to the
 * infrastructure through core's {@code io.eventsourcing.container.Container}.
 */
module io.eventsourcing.cdi {
    requires transitive io.eventsourcing.core;
    requires transitive jakarta.cdi;
    requires static jakarta.transaction;
    requires static microprofile.health.api;

    exports io.eventsourcing.cdi;

    provides io.eventsourcing.container.Container with io.eventsourcing.cdi.internal.CdiContainer;
    provides jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension
            with io.eventsourcing.cdi.EventSourcingExtension;
}
