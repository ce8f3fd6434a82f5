package io.eventsourcing.postgres;

import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data across processes (forked JVMs) on one PostgreSQL schema: a subject another process forgets is
 * forgotten here once this process's cached key expires ({@code eventsourcing.cipher.key-cache-millis}); processes
 * that start together on an empty store agree on one check value of the master key.
 */
class PostgresPersonalDataProcessesIT {

    private static final String KEY = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @Test
    void a_subject_another_process_forgets_reads_as_forgotten_here_once_the_cached_key_expires() throws Exception {
        Map<String, String> settings = keyed();
        settings.put(Settings.CIPHER_KEY_CACHE_MILLIS, "500");
        UUID alice = UUID.randomUUID();
        try (Club club = new Club(settings)) {
            Member member = new Member(alice, "Alice", "alice@example.org", "Croquet");
            club.save(member);
            assertThat(club.repository().<Member>get(member.id()).name()).as("read, and its key cached")
                    .isEqualTo("Alice");

            Process forgetting = start(alice.toString(), settings);
            assertThat(forgetting.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(forgetting.exitValue()).as(output(forgetting)).isZero();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Member read = club.repository().get(member.id());
            while (read.name() != null) {
                assertThat(System.nanoTime()).as("forgotten here within the cache's 500 ms").isLessThan(deadline);
                Thread.sleep(50);
                read = club.repository().get(member.id());
            }
            assertThat(read.email()).isEqualTo("(forgotten)");
            assertThat(read.club()).isEqualTo("Croquet");
        }
    }

    @Test
    void processes_starting_together_on_an_empty_store_agree_on_one_check_value() throws Exception {
        Map<String, String> settings = keyed();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(start("-", settings));
        }
        for (Process process : processes) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output(process)).isZero();
        }
        Map<String, String> other = new HashMap<>(settings);
        other.put(Settings.CIPHER_KEY, Base64.getEncoder().encodeToString(new byte[32]));
        Process wrong = start("-", other);
        assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).as("another master key fails its start").isEqualTo(1);
        assertThat(output(wrong)).contains("ConfigurationException").contains(Settings.CIPHER_KEY + " is not the"
                + " master key");
        try (Club club = new Club(settings)) {
            assertThat(club.repository()).isNotNull();
        }
    }

    private static Map<String, String> keyed() {
        Map<String, String> settings = TestPostgres.settings();
        settings.put(Settings.CIPHER_KEY, KEY);
        settings.put(Settings.CIPHER_ENCRYPT_STATES, "false");
        return settings;
    }

    private static Process start(String subject, Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ClubProcess.class.getName(), subject));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
