package io.eventsourcing.postgres;

import io.eventsourcing.persistence.Subscription;
import io.eventsourcing.persistence.tck.Universe;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link io.eventsourcing.application.NotificationLog#subscribe} on PostgreSQL, two applications over the same tables
 * as two processes would be: a subscriber of one is called after the other's saves, once their notifications are
 * numbered and readable in its own log (the push), and after its own; not once closed.
 */
class PostgresNotificationLogSubscriptionIT {

    /** A liveness bound: calls come within milliseconds. */
    private static final long WITHIN_SECONDS = 10;

    @Test
    void a_subscriber_is_called_once_the_saves_of_another_application_over_the_same_tables_are_readable()
            throws Exception {
        Map<String, String> settings = TestPostgres.settings();
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
        try (Universe here = new Universe(settings); Universe there = new Universe(settings)) {
            Subscription subscription = here.notificationLog().subscribe(
                    () -> seen.add(here.notificationLog().maxNotificationId()));
            UUID world = there.createWorld("Earth");
            awaitSeen(seen, 1);
            there.makeItSo(world, "light");
            there.makeItSo(world, "water");
            awaitSeen(seen, 3);
            here.makeItSo(world, "land");
            awaitSeen(seen, 4);

            subscription.close();
            seen.clear();
            there.makeItSo(world, "plants");
            here.makeItSo(world, "animals");
            assertThat(seen.poll(1, TimeUnit.SECONDS)).as("a call after the subscription closed").isNull();
        }
    }

    /** Waits for a call that read notification {@code id} (calls may come twice or stand for several saves). */
    private static void awaitSeen(BlockingQueue<Long> seen, long id) throws InterruptedException {
        for (Long value = seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS); value == null || value < id;
             value = seen.poll(WITHIN_SECONDS, TimeUnit.SECONDS)) {
            assertThat(value).as("a call seeing notification %d within %d s", id, WITHIN_SECONDS).isNotNull();
        }
    }
}
