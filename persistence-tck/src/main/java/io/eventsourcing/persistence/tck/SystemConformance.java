package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.Application;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.MultiThreadedRunner;
import io.eventsourcing.system.ProcessingException;
import io.eventsourcing.system.Runner;
import io.eventsourcing.system.SingleThreadedRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an event-driven system does, whatever stores its events: process applications follow other applications'
 * logs and process each notification once, storing what their policies collect together with a tracking record.
 * Every backend's test extends this suite (or {@link DurableSystemConformance}) and supplies settings for an empty
 * store, which all applications of a test share.
 */
public abstract class SystemConformance {

    /** Universe, followed by Counters, followed by Tallies. */
    protected static final EventDrivenSystem SYSTEM = new EventDrivenSystem(List.of(
            List.of(Universe.class, Counters.class, Tallies.class)));

    /** @return settings that make applications over a fresh, empty store */
    protected abstract Map<String, String> settings();

    @Test
    void a_follower_processes_each_event_of_its_leader_before_the_save_returns_with_the_single_threaded_runner() {
        try (Runner runner = new SingleThreadedRunner(SYSTEM, settings())) {
            runner.start();
            Universe universe = runner.get(Universe.class);
            Counters counters = runner.get(Counters.class);

            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            universe.makeItSo(earth, "trucks");
            UUID mars = universe.createWorld("Mars");
            universe.makeItSo(mars, "trucks");

            assertThat(counters.count("dinosaurs")).isEqualTo(1);
            assertThat(counters.count("trucks")).isEqualTo(2);
            assertThat(counters.count("internet")).isZero();
            // Tracked up to the last event it has a policy for: the SomethingHappened of notification 5.
            assertThat(counters.position("Universe")).isEqualTo(5);
            assertThat(counters.notificationLog().select(1, 10)).extracting(Notification::topic).containsExactly(
                    Counter.Created.class.getName(), Counter.Incremented.class.getName(),
                    Counter.Created.class.getName(), Counter.Incremented.class.getName(),
                    Counter.Incremented.class.getName());
        }
    }

    @Test
    void followers_of_followers_are_prompted_in_turn() {
        try (Runner runner = new SingleThreadedRunner(SYSTEM, settings())) {
            runner.start();
            Universe universe = runner.get(Universe.class);

            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            universe.makeItSo(earth, "trucks");

            assertThat(runner.get(Tallies.class).increments()).isEqualTo(2);
            assertThat(runner.get(Tallies.class).position("Counters")).isEqualTo(4);
        }
    }

    @Test
    void a_batch_stores_what_its_policies_collected_together_and_a_failing_one_stops_it_after_those_before_it() {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put("eventsourcing.batch-size", "100");
        try (Universe universe = new Universe(settings); Counters counters = new Counters(settings)) {
            UUID earth = universe.createWorld("Earth");
            for (int i = 0; i < 5; i++) {
                universe.makeItSo(earth, "dinosaurs");      // each policy after the first finds the counter collected
            }
            universe.makeItSo(earth, "trucks");
            universe.makeItSo(earth, "dinosaurs");
            counters.follow(universe);
            counters.refuse = "trucks";

            assertThatThrownBy(() -> counters.pullAndProcess("Universe"))
                    .isInstanceOf(ProcessingException.class)
                    .satisfies(e -> assertThat(((ProcessingException) e).notificationId()).isEqualTo(7));
            assertThat(counters.count("dinosaurs")).as("those before the failing one").isEqualTo(5);
            assertThat(counters.position("Universe")).isEqualTo(6);
            assertThat(counters.failure("Universe")).get().extracting(ProcessingException::notificationId)
                    .isEqualTo(7L);

            counters.refuse = null;
            assertThat(counters.pullAndProcess("Universe")).isEqualTo(2);
            assertThat(counters.count("dinosaurs")).isEqualTo(6);
            assertThat(counters.count("trucks")).isEqualTo(1);
            assertThat(counters.position("Universe")).isEqualTo(8);
            assertThat(counters.failure("Universe")).isEmpty();
            // The counter's versions: one Created, six Incremented, stored in the order the policies made them.
            assertThat(counters.notificationLog().select(1, 20)).extracting(Notification::originatorVersion)
                    .containsExactly(1, 2, 3, 4, 5, 6, 1, 2, 7);
        }
    }

    @Test
    void skipping_failures_a_process_application_keeps_a_dead_letter_and_processes_it_again_on_request() {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put("eventsourcing.on-failure", "skip");
        try (Universe universe = new Universe(settings); Counters counters = new Counters(settings)) {
            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            universe.makeItSo(earth, "trucks");
            universe.makeItSo(earth, "dinosaurs");
            counters.follow(universe);
            counters.refuse = "trucks";

            assertThat(counters.pullAndProcess("Universe")).isEqualTo(3);
            assertThat(counters.count("dinosaurs")).isEqualTo(2);
            assertThat(counters.count("trucks")).isZero();
            assertThat(counters.position("Universe")).isEqualTo(4);
            assertThat(counters.deadLetters("Universe")).extracting(d -> d.notificationId()).containsExactly(3L);

            counters.refuse = null;
            assertThat(counters.retryDeadLetters("Universe")).isEqualTo(1);
            assertThat(counters.count("trucks")).isEqualTo(1);
            assertThat(counters.deadLetters("Universe")).isEmpty();
            assertThat(counters.position("Universe")).isEqualTo(4);
        }
    }

    @Test
    void a_failing_policy_stores_nothing_and_the_notification_is_processed_at_the_next_prompt() {
        try (Runner runner = new SingleThreadedRunner(SYSTEM, settings())) {
            runner.start();
            Universe universe = runner.get(Universe.class);
            Counters counters = runner.get(Counters.class);
            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            counters.refuse = "trucks";

            assertThatThrownBy(() -> universe.makeItSo(earth, "trucks"))
                    .isInstanceOf(ProcessingException.class)
                    .hasMessageContaining("Counters could not process notification 3 of Universe")
                    .hasMessageContaining(World.SomethingHappened.class.getName())
                    .hasMessageContaining(earth.toString())
                    .hasMessageContaining("refusing to count trucks")
                    .satisfies(e -> assertThat(((ProcessingException) e).notificationId()).isEqualTo(3));

            assertThat(universe.history(earth)).containsExactly("dinosaurs", "trucks");   // the leader's save stands
            assertThat(counters.count("trucks")).isZero();
            assertThat(counters.position("Universe")).isEqualTo(2);
            assertThat(counters.notificationLog().maxNotificationId()).isEqualTo(2);

            counters.refuse = null;
            universe.makeItSo(earth, "internet");

            assertThat(counters.count("trucks")).isEqualTo(1);
            assertThat(counters.count("internet")).isEqualTo(1);
            assertThat(counters.position("Universe")).isEqualTo(4);
        }
    }

    @Test
    void the_multi_threaded_runner_processes_every_event_of_concurrent_writers_once() throws Exception {
        try (Runner runner = new MultiThreadedRunner(SYSTEM, settings())) {
            runner.start();
            Universe universe = runner.get(Universe.class);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    done.add(writers.submit(() -> {
                        UUID world = universe.createWorld("world");
                        for (int i = 0; i < 25; i++) {
                            universe.makeItSo(world, "thing");
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }
            Tallies tallies = runner.get(Tallies.class);
            eventually(() -> tallies.increments() == 100);

            assertThat(runner.get(Counters.class).count("thing")).isEqualTo(100);
            assertThat(runner.get(Counters.class).position("Universe"))
                    .isEqualTo(universe.notificationLog().maxNotificationId());
        }
    }

    @Test
    void an_application_that_follows_another_must_be_a_process_application() {
        assertThatThrownBy(() -> new EventDrivenSystem(List.of(List.of(Universe.class, Universe2.class))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Universe2.class.getName() + " follows " + Universe.class.getName())
                .hasMessageContaining("not a ProcessApplication");
    }

    /** An application that is not a process application. */
    static class Universe2 extends Application {
    }

    /** Waits up to 30 s for the condition. */
    protected static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
