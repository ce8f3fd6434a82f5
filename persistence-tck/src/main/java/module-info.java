/**
 * The conformance suites every backend passes (recorders, infrastructure, applications, snapshots, systems): extend
 * them in a backend's tests. Open, as JUnit, JSON-B and the library reflect on the suites' aggregates and events.
 */
open module io.eventsourcing.persistence.tck {
    requires transitive io.eventsourcing.core;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.assertj.core;

    exports io.eventsourcing.persistence.tck;
}
