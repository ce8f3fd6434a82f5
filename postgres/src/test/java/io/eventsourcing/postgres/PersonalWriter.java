package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A process of {@link PostgresPersonalDataKillIT}, run in a JVM of its own: {@code writer} saves members of new
 * persons, now and then another member of one of its persons, and every third save (so that many kills land in one)
 * forgets a person, one of its own or one of those listed in the file given; it prints each step before and after it,
 * until its standard input ends, then exits 0, or 1 at once on an error. {@code rewrapper} wraps the data keys anew
 * under the master key and exits 0.
 *
 * <p>Lines: {@code writing}, {@code saving <memberId> <personId> <name> <email>}, {@code saved <memberId>},
 * {@code forgetting <personId>}, {@code forgot <personId>}; {@code rewrapping}, {@code rewrapped <n>}.
 *
 * <p>Arguments: {@code writer <file of persons to forget, or ->} or {@code rewrapper -}, then the settings as
 * {@code key=value}.
 */
public final class PersonalWriter {

    private static volatile boolean stopping;

    private PersonalWriter() {
    }

    public static void main(String[] args) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (Club club = new Club(settings)) {
            if (args[0].equals("rewrapper")) {
                say("rewrapping");
                say("rewrapped " + club.rewrapDataKeys());
            } else {
                write(club, args[1].equals("-") ? new ArrayList<>() : new ArrayList<>(Files.readAllLines(
                        Path.of(args[1])).stream().map(UUID::fromString).toList()));
            }
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /** Saves and forgets on a thread of its own until standard input ends; exits 1 at once on an error. */
    private static void write(Club club, List<UUID> others) throws Exception {
        Thread writer = new Thread(() -> {
            try {
                List<UUID> own = new ArrayList<>();
                for (int saves = 1; !stopping; saves++) {
                    boolean again = saves % 4 == 0 && !own.isEmpty();
                    UUID person = again ? own.get(ThreadLocalRandom.current().nextInt(own.size())) : UUID.randomUUID();
                    save(club, person);
                    if (!again) {
                        own.add(person);
                    }
                    if (saves % 3 == 0) {
                        List<UUID> from = !others.isEmpty() && ThreadLocalRandom.current().nextBoolean() ? others : own;
                        forget(club, from.remove(ThreadLocalRandom.current().nextInt(from.size())));
                    }
                    Thread.sleep(1 + ThreadLocalRandom.current().nextInt(3));     // thousands of keys, not more
                }
            } catch (Throwable e) {
                e.printStackTrace(System.out);
                System.exit(1);     // now: a writer killed later would take its error with it
            }
        }, "writer");
        writer.start();
        say("writing");
        while (System.in.read() != -1) {
            // until the test closes our standard input
        }
        stopping = true;
        writer.join();
    }

    private static void save(Club club, UUID person) {
        String hex = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Member member = new Member(person, "name-" + hex, hex + "@example.org", "Croquet");
        say("saving " + member.id() + " " + person + " " + member.name() + " " + member.email());
        club.save(member);
        say("saved " + member.id());
    }

    private static void forget(Club club, UUID person) {
        say("forgetting " + person);
        club.forget(person);
        say("forgot " + person);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
