package io.eventsourcing.postgres;

import io.eventsourcing.application.AggregateNotFoundException;
import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crypto-shredding under {@code kill -9}: writer processes (forked JVMs, {@link PersonalWriter}) on one PostgreSQL
 * schema save members of persons and forget persons, one killed at random moments and started again; then, with a
 * new master key and the old one listed, they go on while a process wrapping the data keys anew is killed at random
 * moments too, and last runs to its end. Read with the new key alone: every member saved reads as it was saved, or
 * as forgotten exactly when its person's {@link SubjectForgotten} is in the log (the key's deletion and the event
 * commit together), a member whose save was killed is absent or whole, every event of the log reads, no key is left
 * that only the old key unwraps, and the old key alone no longer opens the store (its check value was wrapped anew).
 */
class PostgresPersonalDataKillIT {

    private static final int WRITERS = 3;
    private static final long PHASE_MILLIS = 8_000;
    private static final int MIN_KILLS = 8;
    private static final int MIN_ROTATION_KILLS = 4;
    private static final int MIN_REWRAPPER_KILLS = 3;
    private static final String FORGOTTEN_EMAIL = "(forgotten)";

    private final Random random = new Random();
    private final List<Path> logs = new ArrayList<>();

    /** A process and the file its output goes to. */
    private record Child(Process process, Path log) {

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    /** A save as its writer announced it. */
    private record Saving(UUID member, UUID person, String name, String email) {
    }

    /** What the processes said, from their complete lines. */
    private record Said(Map<UUID, Saving> saving, Set<UUID> saved, Set<UUID> forgetting, Set<UUID> forgot) {
    }

    /** A member as read, or as expected. */
    private record Values(String name, String email, String club) {
    }

    @Test
    void saves_forgets_and_a_key_rotation_killed_at_random_moments_leave_every_member_whole_or_forgotten()
            throws Exception {
        String oldKey = newKey();
        String newKey = newKey();
        Map<String, String> store = TestPostgres.settings();
        store.put(Settings.CIPHER_ENCRYPT_STATES, "false");
        Map<String, String> old = keyed(store, oldKey, null);
        Map<String, String> rotating = keyed(store, newKey, oldKey);

        int writerKills = writeAndKill(old, List.of("-", "-", "-"), false);
        List<String> toForget = toForget(said());
        writerKills += writeAndKill(rotating, toForget, true);
        Child rewrapper = start("rewrapper", "-", rotating, "rewrapping");
        assertThat(rewrapper.process().waitFor(60, TimeUnit.SECONDS)).as("the last rewrapper ends").isTrue();
        assertThat(rewrapper.process().exitValue()).as("exit of the last rewrapper: %s", rewrapper.output())
                .isZero();
        assertThat(rewrapper.output()).contains("rewrapped ");

        Said said = said();
        try (Club club = new Club(keyed(store, newKey, null))) {
            awaitNumbered(store.get(PostgresSettings.SCHEMA) + ".club_events");
            Map<UUID, Member.Joined> joined = new HashMap<>();
            Set<UUID> forgotten = new HashSet<>();
            readLog(club, joined, forgotten);
            for (UUID member : joined.keySet()) {
                assertThat(said.saving().containsKey(member)).as("member %s in the log, that no writer said it"
                        + " saves", member).isTrue();
            }
            for (Saving saving : said.saving().values()) {
                check(club, said, saving, joined.get(saving.member()), forgotten.contains(saving.person()));
            }
            assertThat(club.rewrapDataKeys()).as("keys the old master key wrapped, left (the new key alone would"
                    + " throw on them)").isZero();
        }
        assertThatThrownBy(() -> new Club(old).close()).as("the old key alone, after the check value was wrapped"
                + " anew").isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.CIPHER_KEY + " is not the master key");

        assertThat(writerKills).isGreaterThanOrEqualTo(MIN_KILLS + MIN_ROTATION_KILLS);
        assertThat(said.saved()).as("members saved").hasSizeGreaterThanOrEqualTo(20);
        assertThat(said.forgot()).as("persons forgotten").hasSizeGreaterThanOrEqualTo(3);
    }

    /**
     * Runs the writers for a phase, killing one every 200 to 700 ms and starting it again, or with {@code rewrap}, one
     * time in two, a rewrapper instead, killed soon after it starts; then stops the writers.
     *
     * @param toForget per writer, the file of other persons it forgets, or {@code -}
     * @return how many writers it killed
     */
    private int writeAndKill(Map<String, String> settings, List<String> toForget, boolean rewrap) throws Exception {
        List<Child> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add(start("writer", toForget.get(i), settings, "writing"));
        }
        int killed = 0;
        int rewrappersKilled = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PHASE_MILLIS);
        long giveUp = end + TimeUnit.SECONDS.toNanos(60);
        // At least so many kills, however long a loaded machine takes to start a JVM.
        int minKills = rewrap ? MIN_ROTATION_KILLS : MIN_KILLS;
        int minRewrappersKilled = rewrap ? MIN_REWRAPPER_KILLS : 0;
        while (System.nanoTime() < end || killed < minKills || rewrappersKilled < minRewrappersKilled) {
            assertThat(System.nanoTime()).as("still short of %d writers and %d rewrappers killed: %d and %d",
                    minKills, minRewrappersKilled, killed, rewrappersKilled).isLessThan(giveUp);
            Thread.sleep(200 + random.nextInt(500));
            for (Child writer : writers) {
                assertThat(writer.process().isAlive()).as("a writer dies only when killed; it said: %s",
                        writer.output()).isTrue();
            }
            if (rewrap && random.nextBoolean()) {
                rewrappersKilled += rewrapper(settings) ? 1 : 0;
            } else {
                int victim = random.nextInt(WRITERS);
                writers.get(victim).process().destroyForcibly().waitFor();      // SIGKILL: no close
                killed++;
                writers.set(victim, start("writer", toForget.get(victim), settings, "writing"));
            }
        }
        for (Child writer : writers) {
            writer.process().getOutputStream().close();
        }
        for (Child writer : writers) {
            assertThat(writer.process().waitFor(60, TimeUnit.SECONDS)).as("a writer stops when asked").isTrue();
            assertThat(writer.process().exitValue()).as("exit of a writer that stopped cleanly; it said: %s",
                    writer.output()).isZero();
        }
        return killed;
    }

    /**
     * Starts a rewrapper and kills it up to 100 ms after it has opened the store, unless it has ended by then.
     *
     * @return whether it was killed before it had wrapped every key anew
     */
    private boolean rewrapper(Map<String, String> settings) throws Exception {
        Child rewrapper = start("rewrapper", "-", settings, "rewrapping");
        Thread.sleep(random.nextInt(100));
        if (!rewrapper.process().isAlive()) {
            assertThat(rewrapper.process().exitValue()).as("exit of a rewrapper; it said: %s", rewrapper.output())
                    .isZero();
            return false;
        }
        rewrapper.process().destroyForcibly().waitFor();
        return !rewrapper.output().contains("rewrapped ");
    }

    /** Waits until the sweeps (this JVM's now) have numbered the rows a killed writer committed but did not number. */
    private static void awaitNumbered(String table) throws SQLException {
        try (Connection sql = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                TestPostgres.password()); Statement statement = sql.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long unnumbered;
            do {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table
                        + " WHERE notification_id IS NULL")) {
                    count.next();
                    unnumbered = count.getLong(1);
                }
                if (unnumbered > 0) {
                    sleep(100);
                }
            } while (unnumbered > 0 && System.nanoTime() < deadline);
            assertThat(unnumbered).as("rows of %s without a notification id", table).isZero();
        }
    }

    /** Every notification, read with its personal data: each member's {@code Joined}, each subject forgotten. */
    private static void readLog(Club club, Map<UUID, Member.Joined> joined, Set<UUID> forgotten) {
        long next = 1;
        List<Notification> page;
        while (!(page = club.notificationLog().select(next, 1_000)).isEmpty()) {
            for (Notification n : page) {
                Object payload = club.eventStore().mapper().toDomainEvent(n.storedEvent()).payload();
                if (payload instanceof Member.Joined event) {
                    joined.put(n.originatorId(), event);
                } else if (payload instanceof SubjectForgotten event) {
                    forgotten.add(event.subjectId());
                }
                next = n.id() + 1;
            }
        }
    }

    /**
     * A member reads, in the repository and in the log, as saved, or as forgotten if its person's
     * {@code SubjectForgotten} is in the log; its person forgotten only if a writer began to forget it, and surely if
     * one finished; the member absent only if its save did not return.
     */
    private static void check(Club club, Said said, Saving saving, Member.Joined joined, boolean forgotten) {
        UUID member = saving.member();
        UUID person = saving.person();
        if (said.forgot().contains(person)) {
            assertThat(forgotten).as("person %s forgotten, its SubjectForgotten in the log", person).isTrue();
        }
        if (!said.forgetting().contains(person)) {
            assertThat(forgotten).as("person %s never forgotten, yet its SubjectForgotten in the log", person)
                    .isFalse();
        }
        if (joined == null) {
            assertThat(said.saved().contains(member)).as("member %s saved, yet not in the log", member).isFalse();
            assertThatThrownBy(() -> club.repository().get(member)).as("member %s, whose save was killed", member)
                    .isInstanceOf(AggregateNotFoundException.class);
            return;
        }
        Values expected = forgotten ? new Values(null, FORGOTTEN_EMAIL, "Croquet")
                : new Values(saving.name(), saving.email(), "Croquet");
        assertThat(joined.personId()).as("person of member %s in the log", member).isEqualTo(person);
        assertThat(new Values(joined.name(), joined.email(), joined.club()))
                .as("member %s of person %s in the log", member, person).isEqualTo(expected);
        Member read = club.repository().get(member);
        assertThat(new Values(read.name(), read.email(), read.club()))
                .as("member %s of person %s in the repository", member, person).isEqualTo(expected);
    }

    /**
     * @return per writer, a file of the persons saved and not forgotten, dealt out so that no two writers forget the
     *         same person
     */
    private static List<String> toForget(Said said) throws IOException {
        List<List<String>> dealt = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            dealt.add(new ArrayList<>());
        }
        said.saving().values().stream().filter(s -> said.saved().contains(s.member()))
                .map(Saving::person).filter(p -> !said.forgetting().contains(p)).distinct()
                .forEach(p -> dealt.get(Math.floorMod(p.hashCode(), WRITERS)).add(p.toString()));
        List<String> files = new ArrayList<>();
        for (List<String> persons : dealt) {
            Path file = Files.createTempFile(directory(), "forget", ".txt");
            Files.write(file, persons);
            files.add(file.toString());
        }
        return files;
    }

    /** @return what every process said, from its complete lines (a killed one may have left half a line) */
    private Said said() throws IOException {
        Said said = new Said(new HashMap<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
        for (Path log : logs) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            for (String line : output.substring(0, output.lastIndexOf('\n') + 1).split("\n")) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "saving" -> said.saving().put(UUID.fromString(words[1]), new Saving(UUID.fromString(
                            words[1]), UUID.fromString(words[2]), words[3], words[4]));
                    case "saved" -> said.saved().add(UUID.fromString(words[1]));
                    case "forgetting" -> said.forgetting().add(UUID.fromString(words[1]));
                    case "forgot" -> said.forgot().add(UUID.fromString(words[1]));
                    default -> {
                        // writing, rewrapping, rewrapped
                    }
                }
            }
        }
        return said;
    }

    /** Starts a {@link PersonalWriter} and waits until it says it is ready: one killed before would prove nothing. */
    private Child start(String role, String argument, Map<String, String> settings, String ready) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), PersonalWriter.class.getName(), role,
                argument));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Path log = Files.createTempFile(directory(), role, ".log");
        logs.add(log);
        Child child = new Child(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start(), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!child.output().contains(ready)) {
            if (!child.process().isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("The " + role + " did not start: " + child.output());
            }
            sleep(20);
        }
        return child;
    }

    private static Path directory() throws IOException {
        return Files.createDirectories(Path.of("target", "personal-writers"));
    }

    private static Map<String, String> keyed(Map<String, String> store, String key, String previous) {
        Map<String, String> settings = new HashMap<>(store);
        settings.put(Settings.CIPHER_KEY, key);
        if (previous != null) {
            settings.put(Settings.CIPHER_PREVIOUS_KEYS, previous);
        }
        return settings;
    }

    private String newKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
