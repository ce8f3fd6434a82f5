package io.eventsourcing.persistence.tck;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.MultiThreadedRunner;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessingException;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;
import io.eventsourcing.system.Runner;
import io.eventsourcing.system.SingleThreadedRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a projection does, whatever stores its view and tracking: the view holds what the events say, a failing
 * notification stops it after those before it, {@code waitFor} returns once a notification is processed and
 * otherwise times out naming what it waited for, and a rebuild gives the same view. Every backend's test extends
 * this suite (or {@link DurableProjectionConformance}) and supplies settings for an empty store.
 */
public abstract class ProjectionConformance {

    private static final AtomicInteger TABLES = new AtomicInteger();

    /** @return settings that make applications and projections over a fresh, empty store */
    protected abstract Map<String, String> settings();

    /** @return a table name no other test uses */
    protected static String freshTable() {
        return "world_list_" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + "_"
                + TABLES.incrementAndGet();
    }

    protected static Map<String, String> withBatchSize(Map<String, String> settings, int batchSize) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put("eventsourcing.batch-size", Integer.toString(batchSize));
        return copy;
    }

    @Test
    void the_view_holds_what_the_events_say_whatever_the_batch_size() {
        for (int batchSize : new int[] {1, 3, 100}) {
            Map<String, String> settings = withBatchSize(settings(), batchSize);
            try (Universe universe = new Universe(settings);
                 WorldList view = new WorldList(settings, freshTable())) {
                UUID earth = universe.createWorld("Earth");
                UUID mars = universe.createWorld("Mars");
                for (int i = 0; i < 7; i++) {
                    universe.makeItSo(earth, "thing " + i);
                }
                universe.makeItSo(mars, "trucks");
                view.follow(universe);

                assertThat(view.pullAndProcess("Universe")).as("batch size %d", batchSize).isEqualTo(10);
                assertThat(view.things()).isEqualTo(Map.of("Earth", 7, "Mars", 1));
                assertThat(view.position("Universe")).isEqualTo(10);
                assertThat(view.pullAndProcess("Universe")).isZero();

                universe.makeItSo(mars, "dinosaurs");
                assertThat(view.pullAndProcess("Universe")).isEqualTo(1);
                assertThat(view.things()).isEqualTo(Map.of("Earth", 7, "Mars", 2));
            }
        }
    }

    @Test
    void the_position_reaches_the_leaders_last_notification_when_the_last_ones_are_of_other_topics() throws Exception {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings);
             WorldList view = new WorldList(settings, freshTable())) {
            UUID earth = universe.createWorld("Earth");
            universe.label(earth, "blue");                  // a Labelled event: no policy of WorldList's
            universe.label(earth, "home");
            view.follow(universe);

            assertThat(view.pullAndProcess("Universe")).isEqualTo(1);
            assertThat(view.position("Universe")).isEqualTo(3);
            view.waitFor("Universe", 3, Duration.ofSeconds(1));
        }
    }

    @Test
    void a_failing_notification_stops_the_projection_after_those_before_it_and_is_named() {
        for (int batchSize : new int[] {1, 100}) {
            Map<String, String> settings = withBatchSize(settings(), batchSize);
            try (Universe universe = new Universe(settings);
                 WorldList view = new WorldList(settings, freshTable())) {
                UUID earth = universe.createWorld("Earth");
                universe.makeItSo(earth, "dinosaurs");
                universe.makeItSo(earth, WorldList.POISON);
                universe.makeItSo(earth, "trucks");
                view.follow(universe);

                for (int attempt = 0; attempt < 2; attempt++) {
                    assertThatThrownBy(() -> view.pullAndProcess("Universe"))
                            .as("batch size %d", batchSize)
                            .isInstanceOf(ProcessingException.class)
                            .hasMessageContaining("WorldList could not process notification 3 of Universe")
                            .hasMessageContaining(World.SomethingHappened.class.getName())
                            .hasMessageContaining(earth.toString())
                            .hasMessageContaining("Cannot count boom")
                            .satisfies(e -> {
                                ProcessingException p = (ProcessingException) e;
                                assertThat(p.follower()).isEqualTo("WorldList");
                                assertThat(p.leader()).isEqualTo("Universe");
                                assertThat(p.notificationId()).isEqualTo(3);
                            });
                    assertThat(view.position("Universe")).isEqualTo(2);
                    assertThat(view.things()).isEqualTo(Map.of("Earth", 1));
                }
            }
        }
    }

    @Test
    void skipping_failures_a_failing_notification_becomes_a_dead_letter_to_process_again_on_request() {
        for (int batchSize : new int[] {1, 100}) {
            Map<String, String> settings = withBatchSize(settings(), batchSize);
            settings.put("eventsourcing.on-failure", "skip");
            try (Universe universe = new Universe(settings);
                 WorldList view = new WorldList(settings, freshTable())) {
                UUID earth = universe.createWorld("Earth");
                universe.makeItSo(earth, "dinosaurs");
                universe.makeItSo(earth, WorldList.POISON);
                universe.makeItSo(earth, "trucks");
                view.follow(universe);

                assertThat(view.pullAndProcess("Universe")).as("batch size %d", batchSize).isEqualTo(4);
                assertThat(view.things()).isEqualTo(Map.of("Earth", 2));
                assertThat(view.position("Universe")).isEqualTo(4);
                assertThat(view.failure("Universe")).isEmpty();
                assertThat(view.deadLetters("Universe")).singleElement().satisfies(letter -> {
                    assertThat(letter.notificationId()).isEqualTo(3);
                    assertThat(letter.topic()).isEqualTo(World.SomethingHappened.class.getName());
                    assertThat(letter.originatorId()).isEqualTo(earth);
                    assertThat(letter.originatorVersion()).isEqualTo(3);
                    assertThat(letter.error()).contains("Cannot count boom");
                });

                assertThat(view.retryDeadLetters("Universe")).as("still failing").isZero();
                assertThat(view.deadLetters("Universe")).hasSize(1);
                view.poison = null;
                assertThat(view.retryDeadLetters("Universe")).isEqualTo(1);
                assertThat(view.deadLetters("Universe")).isEmpty();
                assertThat(view.things()).isEqualTo(Map.of("Earth", 3));
                assertThat(view.retryDeadLetters("Universe")).isZero();
                assertThat(view.position("Universe")).isEqualTo(4);
            }
        }
    }

    @Test
    void an_invalid_on_failure_setting_fails_naming_the_key() {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put("eventsourcing.WorldList.on-failure", "ignore");
        assertThatThrownBy(() -> new WorldList(settings, freshTable()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value 'ignore' for eventsourcing.WorldList.on-failure: expected stop or skip")
                .satisfies(e -> assertThat(((ConfigurationException) e).key())
                        .isEqualTo("eventsourcing.WorldList.on-failure"));
    }

    @Test
    void wait_for_returns_once_the_notification_is_processed() throws Exception {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings);
             WorldList view = new WorldList(settings, freshTable())) {
            view.follow(universe);
            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            long last = universe.notificationLog().maxNotificationId();
            ExecutorService processor = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> later = processor.submit(() -> {
                    Thread.sleep(200);
                    return view.pullAndProcess("Universe");
                });
                view.waitFor("Universe", last, Duration.ofSeconds(30));
                assertThat(view.things()).isEqualTo(Map.of("Earth", 1));
                assertThat(later.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            } finally {
                processor.shutdownNow();
            }
        }
    }

    @Test
    void wait_for_times_out_naming_the_projection_the_leader_the_id_and_the_position_reached() {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings);
             WorldList view = new WorldList(settings, freshTable())) {
            view.follow(universe);
            UUID earth = universe.createWorld("Earth");
            view.pullAndProcess("Universe");
            universe.makeItSo(earth, "dinosaurs");

            assertThatThrownBy(() -> view.waitFor("Universe", 2, Duration.ofMillis(300)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("WorldList has not processed notification 2 of Universe within 300 ms: it reached"
                            + " notification 1");
        }
    }

    @Test
    void a_runner_builds_a_projection_and_prompts_it_after_each_save_of_the_application_it_follows()
            throws Exception {
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Universe.class, WorldList.class)));
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(WorldList.TABLE, freshTable());
        try (Runner runner = new SingleThreadedRunner(system, settings)) {
            runner.start();
            Universe universe = runner.get(Universe.class);
            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");

            assertThat(runner.get(WorldList.class).things()).isEqualTo(Map.of("Earth", 1));
        }
        settings.put(WorldList.TABLE, freshTable());
        try (Runner runner = new MultiThreadedRunner(system, settings)) {
            runner.start();
            Universe universe = runner.get(Universe.class);
            UUID mars = universe.createWorld("Mars");
            universe.makeItSo(mars, "trucks");
            universe.makeItSo(mars, "trucks");
            WorldList view = runner.get(WorldList.class);
            view.waitFor("Universe", universe.notificationLog().maxNotificationId(), Duration.ofSeconds(30));

            assertThat(view.things()).containsEntry("Mars", 2);
        }
    }

    @Test
    void a_projection_cannot_begin_a_pipe_or_be_followed() {
        assertThatThrownBy(() -> new EventDrivenSystem(List.of(List.of(WorldList.class, Counters.class))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WorldList.class.getName() + " begins a pipe, but a Projection has no"
                        + " notification log to follow");
        assertThatThrownBy(() -> new EventDrivenSystem(List.of(List.of(Universe.class, WorldList.class,
                Counters.class))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("follows " + WorldList.class.getName() + ", a Projection");
    }

    @Test
    void a_rebuild_gives_the_same_view() {
        Map<String, String> settings = withBatchSize(settings(), 2);
        try (Universe universe = new Universe(settings);
             WorldList view = new WorldList(settings, freshTable())) {
            UUID earth = universe.createWorld("Earth");
            for (int i = 0; i < 5; i++) {
                universe.makeItSo(earth, "thing " + i);
            }
            universe.createWorld("Mars");
            view.follow(universe);
            view.pullAndProcess("Universe");
            Map<String, Integer> before = view.things();

            assertThat(view.rebuild()).isEqualTo(7);
            assertThat(view.things()).isEqualTo(before).isEqualTo(Map.of("Earth", 5, "Mars", 0));
            assertThat(view.position("Universe")).isEqualTo(7);
        }
    }

    @Test
    void a_projection_that_does_not_clear_its_view_refuses_to_rebuild() {
        Map<String, String> settings = settings();
        try (Universe universe = new Universe(settings); Unclearable view = new Unclearable(settings)) {
            universe.createWorld("Earth");
            view.follow(universe);
            view.pullAndProcess("Universe");

            assertThatThrownBy(view::rebuild).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot rebuild Unclearable: override clear(Connection)");
            assertThat(view.position("Universe")).as("tracking kept").isEqualTo(1);
        }
    }

    /** A projection without {@code clear}. */
    public static class Unclearable extends Projection {
        public Unclearable(Map<String, String> settings) {
            super(settings);
        }

        @Policy
        void on(World.Created e, ProjectionContext context) {
        }
    }
}
