package com.example.dogs;

import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.Repository;
import io.eventsourcing.cdi.EventSourced;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/** A bean of the user's that has the application's repository and log injected. */
@ApplicationScoped
public class Kennel {
    @Inject @EventSourced(DogSchool.class) Repository dogs;
    @Inject @EventSourced(DogSchool.class) NotificationLog log;

    public List<String> tricks(UUID id) { return dogs.<Dog>get(id).tricks(); }
    public long lastNotificationId() { return log.maxNotificationId(); }
}
