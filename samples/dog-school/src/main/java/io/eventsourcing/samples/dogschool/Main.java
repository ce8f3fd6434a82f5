package io.eventsourcing.samples.dogschool;

import io.eventsourcing.application.NotificationLogReader;
import io.eventsourcing.persistence.Notification;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs the dog school: registers a dog, teaches it tricks, and prints the dog and the notification log. Configured
 * like any application: {@code -Deventsourcing.persistence=sqlite -Deventsourcing.sqlite.dbname=dogs.db} stores the
 * events in a SQLite file (with eventsourcing-jta-recorder on the class path); the default keeps them in memory.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        try (DogSchool school = new DogSchool()) {
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
        }
    }
}
