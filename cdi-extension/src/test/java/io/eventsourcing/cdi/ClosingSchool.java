package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts its instances and how often it was closed, for the lifecycle tests. */
@EventSourced
public class ClosingSchool extends Application {

    static final AtomicInteger CREATED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    public ClosingSchool() {
        CREATED.incrementAndGet();
    }

    @Override
    public void close() {
        CLOSED.incrementAndGet();
        super.close();
    }
}
