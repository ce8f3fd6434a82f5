package io.eventsourcing.system;

import io.eventsourcing.application.Application;
import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.Tracking;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules a system and its process applications are checked against when they are built. */
class ProcessApplicationTest {

    public record Happened(String what) {
    }

    static class Leader extends Application {
    }

    static class Follower extends ProcessApplication {
        @Policy
        void on(Happened e, ProcessingEvent processing) {
        }
    }

    static class Configured extends ProcessApplication {
        Configured(Map<String, String> settings) {
            super(settings);
        }
    }

    static class WrongParameters extends ProcessApplication {
        @Policy
        void on(Happened e) {
        }
    }

    static class TwoPolicies extends ProcessApplication {
        @Policy
        void on(Happened e, ProcessingEvent processing) {
        }

        @Policy
        void again(Happened e, ProcessingEvent processing) {
        }
    }

    /** A no-arg constructor that passes settings of its own. */
    static class Memorised extends Application {
        Memorised() {
            super(Map.of("eventsourcing.persistence", "memory"));
        }
    }

    static class Other {
        static class Leader extends Application {
        }
    }

    @Test
    void a_policy_must_take_an_event_record_and_the_processing_event() {
        assertThatThrownBy(WrongParameters::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@Policy method " + WrongParameters.class.getName() + ".on must take two"
                        + " parameters, an event record and a ProcessingEvent");
    }

    @Test
    void one_event_type_has_one_policy() {
        assertThatThrownBy(TwoPolicies::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("both handle " + Happened.class.getName());
    }

    @Test
    void a_follower_pulls_only_from_what_it_follows() {
        try (Follower follower = new Follower()) {
            assertThatThrownBy(() -> follower.pullAndProcess("Leader"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Follower does not follow Leader; it follows []");
        }
    }

    @Test
    void a_system_lists_its_applications_and_who_follows_whom() {
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Leader.class, Follower.class),
                List.of(Leader.class)));

        assertThat(system.applications()).containsExactly(Leader.class, Follower.class);
        assertThat(system.leaders(Follower.class)).containsExactly(Leader.class);
        assertThat(system.leaders(Leader.class)).isEmpty();
    }

    @Test
    void two_applications_of_one_name_would_share_tables_and_are_refused() {
        assertThatThrownBy(() -> new EventDrivenSystem(List.of(List.of(Leader.class, Follower.class),
                List.of(Other.Leader.class))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("have the same name, Leader");
    }

    @Test
    void a_runner_builds_each_application_with_its_settings_and_reports_one_that_cannot_be_built() {
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Leader.class, Configured.class)));
        Runner runner = new SingleThreadedRunner(system, Map.of("eventsourcing.Configured.persistence", "paper"));

        assertThatThrownBy(runner::start)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown persistence 'paper' for eventsourcing.Configured.persistence");
        assertThatThrownBy(() -> runner.get(Leader.class)).hasMessageContaining("has not started");
    }

    @Test
    void a_runner_gives_its_settings_to_an_application_without_a_settings_constructor() {
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Leader.class, Configured.class)));
        try (Runner runner = new SingleThreadedRunner(system, Map.of(Settings.SNAPSHOTTING, "true"))) {
            runner.start();

            assertThat(runner.get(Leader.class).settings().get(Settings.SNAPSHOTTING)).contains("true");
            assertThat(runner.get(Configured.class).settings().get(Settings.SNAPSHOTTING)).contains("true");
        }
    }

    @Test
    void a_runner_refuses_an_application_whose_constructor_sets_a_key_of_the_runner_otherwise() {
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(Memorised.class)));
        Runner runner = new SingleThreadedRunner(system, Map.of("eventsourcing.persistence", "paper"));

        assertThatThrownBy(runner::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Memorised.class.getName())
                .hasMessageContaining("sets eventsourcing.persistence to another value than the runner's");
    }

    @Test
    void a_follower_tracked_beyond_its_leaders_log_says_so_when_it_follows() {
        try (Leader leader = new Leader(); Follower follower = new Follower()) {
            follower.eventStore().put(List.of(), new Tracking("Leader", 2));

            assertThatThrownBy(() -> follower.follow(leader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Follower has processed Leader up to notification 2, but the log of"
                            + " Leader ends at notification 0")
                    .hasMessageContaining("not over the same store");
        }
    }

    @Test
    void a_follower_tracked_beyond_its_leaders_log_says_so_when_it_pulls() {
        try (Leader leader = new Leader(); Follower follower = new Follower()) {
            follower.follow(leader);
            follower.eventStore().put(List.of(), new Tracking("Leader", 3));

            assertThatThrownBy(() -> follower.pullAndProcess("Leader"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Follower has processed Leader up to notification 3, but the log of"
                            + " Leader ends at notification 0");
        }
    }

    @Test
    void an_application_cannot_follow_itself() {
        assertThatThrownBy(() -> new EventDrivenSystem(List.of(List.of(Follower.class, Follower.class))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot follow itself");
    }
}
