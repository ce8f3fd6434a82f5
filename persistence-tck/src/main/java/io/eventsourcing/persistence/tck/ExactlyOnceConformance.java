package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.Application;
import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.serialization.Mapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once across {@code kill -9}: a JVM of its own ({@link ExactlyOnceFollowers}) runs a projection
 * ({@link ThingCounts}, batches of 100) and a process application ({@link Counters}) following 20,000 notifications of
 * {@link Universe}; the test kills it with SIGKILL five times, each at a random moment after it processed something
 * (the projection, the faster, is in the middle of the log at the first kills, the process application at the last),
 * starts it again, and at last lets it finish. Then the view equals the counts computed here from the leader's events
 * and holds each notification once; the process application's counters hold the same counts, from one Incremented event
 * each; both tracked the leader up to its last notification (in batches: the tracking of a batch is its first and last
 * notification).
 *
 * <p>A process application forgets exactly once across {@code kill -9}: {@link Registrar} ({@link RegistrarFollower},
 * batches of 10) follows a {@link Club} whose persons joined, a third of them forgotten, some right after they joined
 * (in the same batch, often), the others later; it issues a {@link Badge} naming its holder to each, and forgets with
 * {@link io.eventsourcing.system.ProcessingEvent#forget} each person the club forgot. Killed five times and let
 * finish, it holds one badge per person, one {@link SubjectForgotten} per forgotten person and none of the others,
 * the badges of the forgotten read without their holder, the others with it.
 *
 * <p>Every backend whose store outlives a process extends this suite and supplies settings for an empty store.
 */
public abstract class ExactlyOnceConformance {

    private static final String LEADER = "Universe";
    /** 200 worlds, each saved 10 times with 10 events: 20,000 notifications, the last a SomethingHappened. */
    private static final int WORLDS = 200;
    private static final int SAVES = 10;
    private static final int EVENTS_PER_SAVE = 10;
    private static final int KILLS = 5;
    private static final long DEADLINE_SECONDS = 120;
    private static final String CLUB = "Club";
    /** 300 persons, each of whom joins once: every third is forgotten. */
    private static final int PERSONS = 300;
    private static final String MASTER_KEY = Base64.getEncoder()
            .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final List<Path> logs = new ArrayList<>();
    /** The JVM of the followers, the one started last. */
    private Process fork;

    /** @return settings that make applications and projections over a fresh, empty store outliving a process */
    protected abstract Map<String, String> settings();

    @Test
    void a_projection_and_a_process_application_killed_five_times_process_each_notification_once() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(Settings.BATCH_SIZE, "100");
        settings.put(Settings.POLL_INTERVAL, "100");
        settings.put(ThingCounts.TABLE, ProjectionConformance.freshTable().replace("world_list", "thing_counts"));
        long started = System.nanoTime();
        Expected expected;
        try (Universe universe = new Universe(settings)) {
            store(universe, random);
            expected = Expected.of(universe);
        }
        assertThat(expected.last).as("notifications stored").isEqualTo(WORLDS * SAVES * EVENTS_PER_SAVE);
        long stored = System.nanoTime();

        List<long[]> kills = new ArrayList<>();
        try (ThingCounts view = new ThingCounts(settings); Counters counters = new Counters(settings)) {
            Supplier<String> positions = () -> "ThingCounts at %d, Counters at %d of %d".formatted(
                    view.position(LEADER), counters.position(LEADER), expected.last);
            // Each kill once the two together processed a random amount within a fifth of all they have to do:
            // the projection, much the faster, is mostly killed in its run by the first kills, the process
            // application by the last ones.
            long[] targets = new long[KILLS];
            for (int kill = 0; kill < KILLS; kill++) {
                targets[kill] = (long) ((kill + 0.1 + 0.8 * random.nextDouble()) * 2 * expected.last / KILLS);
            }
            start(ExactlyOnceFollowers.class, settings);
            for (int kill = 0; kill < KILLS; kill++) {
                long viewFrom = view.position(LEADER);
                long countersFrom = counters.position(LEADER);
                long target = targets[kill];
                // Not before this JVM processed something: killed in the middle of what it does.
                int restarts = kill;
                await(() -> "the followers to process after start %d, to %d together (%s)".formatted(restarts + 1,
                        target, positions.get()), () -> {
                    long viewAt = view.position(LEADER);
                    long countersAt = counters.position(LEADER);
                    return (viewAt > viewFrom || countersAt > countersFrom) && viewAt + countersAt >= target;
                });
                Thread.sleep(random.nextInt(20));
                fork.destroyForcibly().waitFor();           // SIGKILL: no rollback, no close
                kills.add(new long[] {view.position(LEADER), counters.position(LEADER)});
                start(ExactlyOnceFollowers.class, settings);
            }
            await(() -> "both followers to reach notification " + expected.last + " (" + positions.get() + ")",
                    () -> view.position(LEADER) == expected.last && counters.position(LEADER) == expected.last);
            fork.getOutputStream().close();
            assertThat(fork.waitFor(60, TimeUnit.SECONDS)).as("the followers stop when asked").isTrue();
            assertThat(fork.exitValue()).as("exit of the followers that stopped cleanly; they said: %s",
                    tail(output(), 4_000)).isZero();
            long processed = System.nanoTime();

            String killedAt = kills.stream().map(at -> "ThingCounts at %d, Counters at %d".formatted(at[0], at[1]))
                    .toList().toString();
            System.out.printf("%s: %d notifications stored in %d ms; the followers killed at (positions after the"
                            + " kill): %s; all processed %d ms after they were stored; seed %d%n",
                    getClass().getSimpleName(), expected.last, TimeUnit.NANOSECONDS.toMillis(stored - started),
                    killedAt, TimeUnit.NANOSECONDS.toMillis(processed - stored), seed);
            Map<Long, Integer> once = new TreeMap<>();
            expected.ids.forEach(id -> once.put(id, 1));
            Map<String, Integer> counted = new TreeMap<>();
            for (String what : expected.counts.keySet()) {
                counted.put(what, counters.count(what));
            }

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(differences(expected.counts, view.counts()))
                    .as("ThingCounts' view against the counts of the leader's events (thing: expected, actual)")
                    .isEmpty();
            softly.assertThat(differences(once, view.applied()))
                    .as("ThingCounts' applications of each notification (notification id: expected, actual times)")
                    .isEmpty();
            softly.assertThat(view.position(LEADER)).as("ThingCounts' position").isEqualTo(expected.last);
            softly.assertThat(differences(expected.counts, counted))
                    .as("Counters' counters against the counts of the leader's events (thing: expected, actual)")
                    .isEmpty();
            Map<String, Integer> increments = awaitNumbered(counters, expected.ids.size(), () -> increments(counters),
                    counts -> counts.values().stream().mapToInt(Integer::intValue).sum());
            softly.assertThat(differences(expected.counts, increments))
                    .as("Counter.Incremented events in Counters' log, by thing (thing: expected, actual)")
                    .isEmpty();
            softly.assertThat(counters.position(LEADER)).as("Counters' position").isEqualTo(expected.last);
            // Each follower killed in the middle of the log at least once, else this proves less than it says.
            softly.assertThat(kills).as("kills with ThingCounts in the middle of the log: %s", killedAt)
                    .anyMatch(at -> at[0] < expected.last);
            softly.assertThat(kills).as("kills with Counters in the middle of the log: %s", killedAt)
                    .anyMatch(at -> at[1] < expected.last);
            softly.assertAll();
        } finally {
            if (fork != null) {
                fork.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void a_process_application_killed_five_times_forgets_each_subject_once() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(Settings.CIPHER_KEY, MASTER_KEY);
        settings.put(Settings.BATCH_SIZE, "10");
        settings.put(Settings.POLL_INTERVAL, "100");
        long started = System.nanoTime();
        List<UUID> persons = new ArrayList<>();
        Set<UUID> forgotten = new HashSet<>();
        long last;
        try (Club club = new Club(settings)) {
            join(club, random, persons, forgotten);
            last = club.notificationLog().maxNotificationId();
        }
        assertThat(last).as("notifications stored: a Joined per person, a SubjectForgotten per third")
                .isEqualTo(PERSONS + PERSONS / 3);
        long stored = System.nanoTime();

        List<Long> kills = new ArrayList<>();
        try (Registrar registrar = new Registrar(settings)) {
            Supplier<String> position = () -> "Registrar at %d of %d".formatted(registrar.position(CLUB), last);
            start(RegistrarFollower.class, settings);
            for (int kill = 0; kill < KILLS; kill++) {
                // Once it processed something since it started, at a random position within each fifth of the log:
                // between its batches of 10, or in one, up to 20 ms after a batch committed.
                long from = registrar.position(CLUB);
                long target = (long) ((kill + 0.1 + 0.8 * random.nextDouble()) * last / KILLS);
                int restarts = kill;
                await(() -> "the registrar to process after start %d, to %d (%s)".formatted(restarts + 1, target,
                        position.get()), () -> {
                    long at = registrar.position(CLUB);
                    return at > from && at >= target;
                });
                Thread.sleep(random.nextInt(20));
                fork.destroyForcibly().waitFor();           // SIGKILL: no rollback, no close
                kills.add(registrar.position(CLUB));
                start(RegistrarFollower.class, settings);
            }
            await(() -> "the registrar to reach notification " + last + " (" + position.get() + ")",
                    () -> registrar.position(CLUB) == last);
            fork.getOutputStream().close();
            assertThat(fork.waitFor(60, TimeUnit.SECONDS)).as("the registrar stops when asked").isTrue();
            assertThat(fork.exitValue()).as("exit of the registrar that stopped cleanly; it said: %s",
                    tail(output(), 4_000)).isZero();
            Issued issued = awaitNumbered(registrar, persons.size() + forgotten.size(), () -> Issued.of(registrar),
                    Issued::events);
            long processed = System.nanoTime();
            System.out.printf("%s: %d persons joined, %d forgotten, in %d notifications stored in %d ms; the registrar"
                            + " killed at (its position after the kill): %s; all processed %d ms after they were"
                            + " stored; seed %d%n",
                    getClass().getSimpleName(), persons.size(), forgotten.size(), last,
                    TimeUnit.NANOSECONDS.toMillis(stored - started), kills,
                    TimeUnit.NANOSECONDS.toMillis(processed - stored), seed);

            SoftAssertions softly = new SoftAssertions();
            for (int i = 0; i < persons.size(); i++) {
                UUID person = persons.get(i);
                List<UUID> badges = issued.badges().getOrDefault(person, List.of());
                int forgets = issued.forgets().getOrDefault(person, 0);
                softly.assertThat(badges).as("badges of person %d (%s)", i, person).hasSize(1);
                if (forgotten.contains(person)) {
                    softly.assertThat(forgets).as("SubjectForgotten of forgotten person %d (%s)", i, person)
                            .isEqualTo(1);
                    for (UUID badge : badges) {
                        softly.assertThat(registrar.repository().<Badge>get(badge).holder())
                                .as("holder of badge %s of forgotten person %d (%s)", badge, i, person).isNull();
                    }
                } else {
                    softly.assertThat(forgets).as("SubjectForgotten of person %d (%s), never forgotten", i, person)
                            .isZero();
                    for (UUID badge : badges) {
                        softly.assertThat(registrar.repository().<Badge>get(badge).holder())
                                .as("holder of badge %s of person %d (%s)", badge, i, person)
                                .isEqualTo(Registrar.holder(name(i), club(i)));
                    }
                }
            }
            softly.assertThat(issued.forgets().keySet()).as("subjects forgotten by the registrar")
                    .isSubsetOf(forgotten);
            softly.assertThat(registrar.position(CLUB)).as("Registrar's position").isEqualTo(last);
            softly.assertThat(kills).as("kills with Registrar in the middle of the log: %s", kills)
                    .anyMatch(at -> at < last);
            softly.assertAll();
        } finally {
            if (fork != null) {
                fork.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Saves a member for each person; forgets every third person, every other of them right after the save, the
     * others after up to 100 more saves (those left at the end, then).
     */
    private static void join(Club club, Random random, List<UUID> persons, Set<UUID> forgotten) {
        Map<Integer, List<UUID>> forgetAfter = new TreeMap<>();
        for (int i = 0; i < PERSONS; i++) {
            UUID person = UUID.randomUUID();
            persons.add(person);
            club.save(new Member(person, name(i), "person" + i + "@example.org", club(i)));
            if (i % 3 == 0) {
                forgotten.add(person);
                int after = i % 6 == 0 ? i : Math.min(PERSONS - 1, i + 1 + random.nextInt(100));
                forgetAfter.computeIfAbsent(after, at -> new ArrayList<>()).add(person);
            }
            forgetAfter.getOrDefault(i, List.of()).forEach(club::forget);
        }
    }

    private static String name(int person) {
        return "Person " + person;
    }

    private static String club(int person) {
        return "club " + person % 7;
    }

    /** What Registrar stored, from its notification log: badges by person, SubjectForgotten events by subject. */
    private record Issued(Map<UUID, List<UUID>> badges, Map<UUID, Integer> forgets, int events) {

        private static Issued of(Registrar registrar) {
            Mapper mapper = registrar.eventStore().mapper();
            Map<UUID, List<UUID>> badges = new HashMap<>();
            Map<UUID, Integer> forgets = new HashMap<>();
            int events = 0;
            long last = 0;
            while (true) {
                List<Notification> page = registrar.notificationLog().select(last + 1, 1_000);
                if (page.isEmpty()) {
                    return new Issued(badges, forgets, events);
                }
                for (Notification notification : page) {
                    Object payload = mapper.toDomainEvent(notification.storedEvent()).payload();
                    if (payload instanceof Badge.Issued e) {
                        badges.computeIfAbsent(e.personId(), person -> new ArrayList<>())
                                .add(notification.originatorId());
                    } else if (payload instanceof SubjectForgotten e) {
                        forgets.merge(e.subjectId(), 1, Integer::sum);
                    }
                    events++;
                    last = notification.id();
                }
            }
        }
    }

    /**
     * Stores the notifications: worlds saved in turn, each save ten things that happened, of up to 2,000 kinds (few
     * events per counter, so that Counters' repository reads little for each notification).
     */
    private static void store(Universe universe, Random random) {
        List<World> worlds = new ArrayList<>();
        int n = 0;
        for (int save = 0; save < SAVES; save++) {
            for (int w = 0; w < WORLDS; w++) {
                if (save == 0) {
                    worlds.add(new World("world " + w));
                }
                World world = worlds.get(w);
                for (int e = save == 0 ? 1 : 0; e < EVENTS_PER_SAVE; e++) {
                    // Kinds added as the log grows: the view's INSERTs spread over it, among the UPDATEs.
                    world.makeItSo("thing " + random.nextInt(1 + n++ / 10));
                }
                universe.save(world);
            }
        }
    }

    /** What the leader's events say, computed from scratch. */
    private record Expected(Map<String, Integer> counts, List<Long> ids, long last) {

        static Expected of(Universe universe) {
            Mapper mapper = universe.eventStore().mapper();
            Map<String, Integer> counts = new TreeMap<>();
            List<Long> ids = new ArrayList<>();
            long last = 0;
            while (true) {
                List<Notification> page = universe.notificationLog().select(last + 1, 1_000);
                if (page.isEmpty()) {
                    return new Expected(counts, ids, last);
                }
                for (Notification notification : page) {
                    DomainEvent event = mapper.toDomainEvent(notification.storedEvent());
                    if (event.payload() instanceof World.SomethingHappened happened) {
                        counts.merge(happened.what(), 1, Integer::sum);
                        ids.add(notification.id());
                    }
                    last = notification.id();
                }
            }
        }
    }

    /**
     * Reads an application's log until it holds so many events and no committed row waits for its notification id
     * (rows a killed process committed and did not number, which a sweep numbers within a few seconds), or for 30 s
     * at most: the assertions on what it read then show what is missing.
     */
    private static <T> T awaitNumbered(Application application, int events, Supplier<T> read, ToIntFunction<T> size)
            throws InterruptedException {
        ApplicationRecorder recorder = (ApplicationRecorder) application.eventStore().recorder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        T log = read.get();
        while ((size.applyAsInt(log) < events || recorder.status(Duration.ofSeconds(5)).waiting() > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            log = read.get();
        }
        return log;
    }

    /** @return how many Counter.Incremented events Counters stored, by the counter's name: its events processed again */
    private static Map<String, Integer> increments(Counters counters) {
        Mapper mapper = counters.eventStore().mapper();
        Map<String, Integer> increments = new TreeMap<>();
        long last = 0;
        while (true) {
            List<Notification> page = counters.notificationLog().select(last + 1, 1_000);
            if (page.isEmpty()) {
                return increments;
            }
            for (Notification notification : page) {
                if (mapper.toDomainEvent(notification.storedEvent()).payload() instanceof Counter.Incremented e) {
                    increments.merge(e.name(), 1, Integer::sum);
                }
                last = notification.id();
            }
        }
    }

    /** @return "key: expected x, actual y" for each key whose values differ (the first 20, and how many in all) */
    private static <K> List<String> differences(Map<K, Integer> expected, Map<K, Integer> actual) {
        List<String> differences = new ArrayList<>();
        int count = 0;
        TreeSet<K> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (K key : keys) {
            int want = expected.getOrDefault(key, 0);
            int got = actual.getOrDefault(key, 0);
            if (want != got && ++count <= 20) {
                differences.add("%s: expected %d, actual %d".formatted(key, want, got));
            }
        }
        if (count > 20) {
            differences.add("... " + count + " keys differ in all");
        }
        return differences;
    }

    /** Waits, failing with the followers' output if they die or the deadline passes. */
    private void await(Supplier<String> what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (!fork.isAlive()) {
                throw new AssertionError("The followers exited (%d) while waiting for %s; they said: %s"
                        .formatted(fork.exitValue(), what.get(), tail(output(), 4_000)));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited %d s for %s; the followers said: %s"
                        .formatted(DEADLINE_SECONDS, what.get(), tail(output(), 4_000)));
            }
            Thread.sleep(5);
        }
    }

    /**
     * Starts the followers ({@code main}'s) in a JVM of their own, on this one's class path, its output in
     * target/exactly-once.
     */
    private void start(Class<?> main, Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(Arrays.asList(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "exactly-once")),
                "followers-", ".log");
        logs.add(log);
        fork = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private String output() throws IOException {
        StringBuilder output = new StringBuilder();
        for (Path log : logs) {
            output.append("--- ").append(log.getFileName()).append('\n')
                    .append(Files.readString(log, StandardCharsets.UTF_8));
        }
        return output.toString();
    }

    private static String tail(String text, int length) {
        return text.length() <= length ? text : "..." + text.substring(text.length() - length);
    }
}
