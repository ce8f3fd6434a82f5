package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.Club;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A process of {@link PostgresPersonalDataProcessesIT}, run in a JVM of its own: it starts a {@link Club} (which
 * checks the master key, storing the check value if there is none), forgets the subject given, if any, and exits 0;
 * on an error it prints it and exits 1.
 *
 * <p>Arguments: {@code -} or the subject to forget, then the settings as {@code key=value}.
 */
public final class ClubProcess {

    private ClubProcess() {
    }

    public static void main(String[] args) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (Club club = new Club(settings)) {
            if (!args[0].equals("-")) {
                club.forget(UUID.fromString(args[0]));
            }
            System.out.println("done");
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }
}
