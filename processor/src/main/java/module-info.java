/**
 * The annotation processor that checks aggregates, upcasters and policies at compile time and writes the class
 * index; core depends on it so that users get it with no set-up. Not API.
 */
module io.eventsourcing.processor {
    requires java.compiler;

    exports io.eventsourcing.processor to io.eventsourcing.core;

    provides javax.annotation.processing.Processor with io.eventsourcing.processor.AggregateProcessor;
}
