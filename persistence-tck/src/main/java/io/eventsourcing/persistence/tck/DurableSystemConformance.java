package io.eventsourcing.persistence.tck;

import io.eventsourcing.persistence.Notification;
import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.MultiThreadedRunner;
import io.eventsourcing.system.Runner;
import io.eventsourcing.system.SingleThreadedRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The system conformance suite, and what only a store that outlives its applications allows: a follower resumes
 * after a restart from what it tracked, finds by polling what another process stored, and two instances of one
 * follower over the same store process each notification once between them.
 */
public abstract class DurableSystemConformance extends SystemConformance {

    @Test
    void a_follower_resumes_after_a_restart_from_what_it_tracked() {
        Map<String, String> settings = settings();
        UUID earth = runOnce(SYSTEM, Universe.class, settings);
        // Saved while the system is not running: nobody follows.
        try (Universe universe = new Universe(settings)) {
            universe.makeItSo(earth, "dinosaurs");
            universe.makeItSo(earth, "trucks");
        }

        try (Runner runner = new SingleThreadedRunner(SYSTEM, settings)) {
            runner.start();

            Counters counters = runner.get(Counters.class);
            assertThat(counters.count("dinosaurs")).isEqualTo(2);
            assertThat(counters.count("trucks")).isEqualTo(1);
            assertThat(counters.position("Universe")).isEqualTo(4);
            assertThat(runner.get(Tallies.class).increments()).isEqualTo(3);
        }
    }

    @Test
    void a_follower_in_its_own_thread_finds_what_another_process_stored_by_polling() throws Exception {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put("eventsourcing.poll-interval", "50");
        try (Runner runner = new MultiThreadedRunner(SYSTEM, settings);
             Universe elsewhere = new Universe(settings)) {
            runner.start();
            // Another process's application over the same store: its saves prompt nobody here.
            UUID earth = elsewhere.createWorld("Earth");
            elsewhere.makeItSo(earth, "dinosaurs");

            Counters counters = runner.get(Counters.class);
            eventually(() -> counters.count("dinosaurs") == 1);
            assertThat(counters.position("Universe")).isEqualTo(2);
        }
    }

    @Test
    void two_instances_of_a_follower_over_one_store_process_each_notification_once_between_them() throws Exception {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings)) {
            for (int w = 0; w < 10; w++) {
                UUID world = universe.createWorld("world " + w);
                for (int i = 0; i < 10; i++) {
                    universe.makeItSo(world, "thing " + w);
                }
            }
            try (Counters first = new Counters(settings); Counters second = new Counters(settings)) {
                first.follow(universe);
                second.follow(universe);
                ExecutorService both = Executors.newFixedThreadPool(2);
                try {
                    List<Future<Integer>> pulls = new ArrayList<>();
                    for (Counters counters : List.of(first, second)) {
                        pulls.add(both.submit((Callable<Integer>) () -> counters.pullAndProcess("Universe")));
                    }
                    int processed = 0;
                    for (Future<Integer> pull : pulls) {
                        processed += pull.get(60, TimeUnit.SECONDS);
                    }
                    assertThat(processed).isEqualTo(100);
                } finally {
                    both.shutdownNow();
                }
                for (int w = 0; w < 10; w++) {
                    assertThat(first.count("thing " + w)).as("thing " + w).isEqualTo(10);
                }
                assertThat(first.position("Universe")).isEqualTo(110);
            }
        }
    }

    @Test
    void an_aggregate_a_follower_kept_from_an_earlier_batch_is_brought_up_to_date_with_what_another_instance_stored() {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings);
             Counters first = new Counters(settings); Counters second = new Counters(settings)) {
            first.follow(universe);
            second.follow(universe);
            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            assertThat(first.pullAndProcess("Universe")).isEqualTo(1);     // keeps the counter at version 2
            universe.makeItSo(earth, "dinosaurs");
            assertThat(second.pullAndProcess("Universe")).isEqualTo(1);    // version 3, elsewhere
            universe.label(earth, "dinosaurs");     // the policy reads the counter without changing it
            universe.makeItSo(earth, "dinosaurs");

            assertThat(first.pullAndProcess("Universe")).isEqualTo(2);
            assertThat(first.count("seen dinosaurs 2")).as("what the label's policy read").isEqualTo(1);
            assertThat(first.count("dinosaurs")).isEqualTo(3);
            assertThat(second.count("dinosaurs")).isEqualTo(3);
            assertThat(first.notificationLog().select(1, 10)).extracting(Notification::originatorVersion)
                    .containsExactly(1, 2, 3, 1, 2, 4);
        }
    }

    @Test
    void an_application_without_a_settings_constructor_stores_where_the_runner_says() {
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Cosmos.class, Counters.class)));
        Map<String, String> settings = settings();
        UUID earth = runOnce(system, Cosmos.class, settings);

        try (Runner runner = new SingleThreadedRunner(system, settings)) {
            runner.start();
            Cosmos cosmos = runner.get(Cosmos.class);
            cosmos.makeItSo(earth, "dinosaurs");

            assertThat(cosmos.notificationLog().maxNotificationId()).isEqualTo(3);
            assertThat(runner.get(Counters.class).count("dinosaurs")).isEqualTo(2);
            assertThat(runner.get(Counters.class).position("Cosmos")).isEqualTo(3);
        }
    }

    @Test
    void a_follower_tracked_beyond_its_leaders_log_does_not_start_and_names_both() {
        Map<String, String> settings = settings();
        runOnce(SYSTEM, Universe.class, settings);
        // The leader's events elsewhere (here: in memory), the follower's tracking where it was.
        Map<String, String> leaderElsewhere = new HashMap<>(settings);
        leaderElsewhere.put("eventsourcing.Universe.persistence", "memory");
        Runner runner = new SingleThreadedRunner(SYSTEM, leaderElsewhere);

        assertThatThrownBy(runner::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Counters has processed Universe up to notification 2, but the log of"
                        + " Universe ends at notification 0")
                .hasMessageContaining("not over the same store");
        assertThatThrownBy(() -> runner.get(Universe.class)).hasMessageContaining("has not started");
    }

    @Test
    void a_follower_whose_tracking_another_instance_took_beyond_its_leaders_log_says_so_when_it_pulls() {
        Map<String, String> settings = settings();
        Map<String, String> memory = Map.of("eventsourcing.persistence", "memory");
        try (Universe universe = new Universe(settings); Universe empty = new Universe(memory);
             Counters first = new Counters(settings); Counters second = new Counters(settings)) {
            universe.makeItSo(universe.createWorld("Earth"), "dinosaurs");
            first.follow(empty);
            second.follow(universe);
            second.pullAndProcess("Universe");

            assertThatThrownBy(() -> first.pullAndProcess("Universe"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Counters has processed Universe up to notification 2, but the log of"
                            + " Universe ends at notification 0");
        }
    }

    /** Runs the system once, in which the leader creates a world where dinosaurs happen. @return the world's id */
    private static UUID runOnce(EventDrivenSystem system, Class<? extends Universe> leader,
                                Map<String, String> settings) {
        try (Runner runner = new SingleThreadedRunner(system, settings)) {
            runner.start();
            Universe universe = runner.get(leader);
            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            return earth;
        }
    }
}
