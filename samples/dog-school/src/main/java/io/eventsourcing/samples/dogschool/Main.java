package io.eventsourcing.samples.dogschool;

import io.eventsourcing.application.NotificationLogReader;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.system.EventDrivenSystem;
import io.eventsourcing.system.Runner;
import io.eventsourcing.system.SingleThreadedRunner;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs the dog school: registers a dog, teaches it tricks, and prints the dog, the notification log, how often
 * each trick was taught, as counted by {@link TrickCounts}, which follows the dog school's log, and the dogs as
 * {@link DogList}, a projection of the log, lists them. Configured
 * like any application: {@code -Deventsourcing.persistence=sqlite -Deventsourcing.sqlite.dbname=dogs.db} stores the
 * events in a SQLite file (with eventsourcing-sqlite on the class path); the default keeps them in memory.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        EventDrivenSystem system = new EventDrivenSystem(List.of(List.of(DogSchool.class, TrickCounts.class),
                List.of(DogSchool.class, DogList.class)));
        try (Runner runner = new SingleThreadedRunner(system)) {
            runner.start();
            DogSchool school = runner.get(DogSchool.class);
            String persistence = school.settings().get("eventsourcing.persistence", "memory");
            System.out.println("Dog school, events stored in: " + persistence);

            UUID fido = school.registerDog("Fido");
            school.addTrick(fido, "roll over");
            school.addTrick(fido, "play dead");
            UUID buster = school.registerDog("Buster");
            school.addTrick(buster, "fetch");

            for (UUID id : new UUID[]{fido, buster}) {
                Dog dog = school.getDog(id);
                System.out.printf("%s (%s, version %d): %s%n", dog.name(), dog.id(), dog.version(), dog.tricks());
            }
            System.out.println("Notification log:");
            try (Stream<Notification> log = new NotificationLogReader(school.notificationLog()).read(1)) {
                log.forEach(n -> System.out.printf("  %d  %s v%d  %s%n    %s%n", n.id(), n.originatorId(),
                        n.originatorVersion(), n.topic(), new String(n.state(), StandardCharsets.UTF_8)));
            }
            TrickCounts counts = runner.get(TrickCounts.class);
            System.out.println("Tricks taught, counted by TrickCounts (a process application following the log):");
            for (String trick : List.of("roll over", "play dead", "fetch")) {
                System.out.printf("  %s: %d%n", trick, counts.count(trick));
            }
            System.out.println("Dogs, listed by DogList (a projection following the log into a table of its own):");
            runner.get(DogList.class).dogs().forEach(line -> System.out.println("  " + line));
        }
    }
}
