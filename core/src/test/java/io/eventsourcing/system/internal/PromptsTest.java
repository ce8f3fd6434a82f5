package io.eventsourcing.system.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.persistence.DeadLetter;
import io.eventsourcing.system.Follower;
import io.eventsourcing.system.ProcessingException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PromptsTest {

    /** Fails its first pulls, then succeeds, then fails again; records when each pull ran. */
    private static final class Failing implements Follower {
        final List<Long> pulls = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "Failing";
        }

        @Override
        public void follow(Application leader) {
        }

        @Override
        public int pullAndProcess(String leaderName) {
            pulls.add(System.nanoTime());
            int n = pulls.size();
            if (n <= 4 || n == 6) {
                throw new ProcessingException(name(), leaderName, 1, "pull " + n + " fails", null);
            }
            return 1;
        }

        @Override
        public long position(String leaderName) {
            return 0;
        }

        @Override
        public int pollInterval() {
            return 0;
        }

        @Override
        public Optional<ProcessingException> failure(String leaderName) {
            return Optional.empty();
        }

        @Override
        public List<DeadLetter> deadLetters(String leaderName) {
            return List.of();
        }

        @Override
        public int retryDeadLetters(String leaderName) {
            return 0;
        }
    }

    @Test
    void a_failing_pull_is_retried_after_waits_that_double_and_start_again_after_a_success()
            throws Exception {
        Failing follower = new Failing();
        try (Prompts prompts = new Prompts(100, 3_200)) {
            prompts.follow(follower, "Leader");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (follower.pulls.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(follower.pulls).hasSize(5);
            prompts.prompt(follower, "Leader");          // pull 6 fails: the wait starts at 100 ms again
            while (follower.pulls.size() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Prompts while a retry waits fold into it: they do not cut the wait short.
            prompts.prompt(follower, "Leader");
        }
        List<Long> at = follower.pulls;
        assertThat(at).hasSizeGreaterThanOrEqualTo(7);
        assertThat(millis(at.get(1) - at.get(0))).as("after the first failure").isGreaterThanOrEqualTo(100);
        assertThat(millis(at.get(2) - at.get(1))).as("after the second").isGreaterThanOrEqualTo(200);
        assertThat(millis(at.get(3) - at.get(2))).as("after the third").isGreaterThanOrEqualTo(400);
        assertThat(millis(at.get(4) - at.get(3))).as("after the fourth").isGreaterThanOrEqualTo(800);
        // Else 1,600 ms.
        assertThat(millis(at.get(6) - at.get(5))).as("after a success, from the first wait again")
                .isBetween(100L, 1_000L);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void running_says_whether_each_followers_thread_runs() throws Exception {
        Failing follower = new Failing();
        Prompts prompts = new Prompts(100, 3_200);
        assertThat(prompts.running()).isEmpty();
        prompts.follow(follower, "Leader");
        assertThat(prompts.running()).containsExactly(Map.entry("Failing", true));
        prompts.close();
        assertThat(prompts.running()).containsExactly(Map.entry("Failing", false));
    }
}
