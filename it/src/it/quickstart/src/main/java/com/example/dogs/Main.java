package com.example.dogs;

import io.eventsourcing.persistence.Notification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** The README's quickstart, run by {@code mvn compile exec:java} in a project whose POM is the README's. */
public class Main {

    public static void main(String[] args) throws IOException {
        DogSchool school = new DogSchool();
        UUID id = school.registerDog("Fido");
        school.addTrick(id, "roll over");
        school.addTrick(id, "play dead");
        System.out.println("tricks: " + school.getDog(id).tricks());
        List<Notification> log = school.notificationLog().select(1, 10);
        for (Notification notification : log) {
            System.out.println("notification " + notification.id() + " " + notification.topic());
        }
        try (InputStream index = Main.class.getResourceAsStream("/META-INF/eventsourcing/aggregates")) {
            // Written at compile time by the annotation processor that core brings, which the user's compiler ran.
            System.out.println("aggregate index: " + (index == null ? "missing"
                    : new String(index.readAllBytes(), StandardCharsets.UTF_8).strip()));
        }
        school.close();
    }
}
