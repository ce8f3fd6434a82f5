/**
 * Event sourcing in plain Java: aggregates and their events ({@code domain}), applications with their repository
 * and notification log ({@code application}), the recorder SPI ({@code persistence}), the mapping of events to
 * stored bytes ({@code serialization}), the settings ({@code config}), the in-memory backend ({@code memory}),
 * event-driven systems ({@code system}) and what a container offers the infrastructure ({@code container}). Internal packages are open only to the library's own modules.
 */
module io.eventsourcing.core {
    requires transitive jakarta.json;
    requires transitive jakarta.json.bind;
    requires io.eventsourcing.processor;
    requires transitive java.sql;
    requires java.naming;
    requires static microprofile.config.api;
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.context;

    exports io.eventsourcing.application;
    exports io.eventsourcing.config;
    exports io.eventsourcing.container;
    exports io.eventsourcing.domain;
    exports io.eventsourcing.memory;
    exports io.eventsourcing.persistence;
    exports io.eventsourcing.serialization;
    exports io.eventsourcing.system;

    exports io.eventsourcing.application.internal to io.eventsourcing.cdi;
    exports io.eventsourcing.domain.internal to io.eventsourcing.cdi;
    exports io.eventsourcing.serialization.internal to io.eventsourcing.cdi;
    exports io.eventsourcing.system.internal to io.eventsourcing.cdi;

    uses io.eventsourcing.container.Container;
    uses io.eventsourcing.persistence.InfrastructureFactory.Provider;
    uses io.eventsourcing.serialization.Compressor;

    provides io.eventsourcing.persistence.InfrastructureFactory.Provider
            with io.eventsourcing.memory.internal.InMemoryFactory.Provider;
    provides io.eventsourcing.serialization.Compressor with io.eventsourcing.serialization.internal.ZlibCodec;
}
