package io.eventsourcing.application;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.persistence.Subscription;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link NotificationLog#subscribe} in memory: called after each save, once it is readable; no longer once closed. */
class NotificationLogSubscriptionTest {

    public static class Note extends Aggregate {
        public record Written(String text) {
        }

        public Note(String text) {
            trigger(new Written(text));
        }

        private Note() {
        }

        @Apply
        void on(Written e) {
        }
    }

    @Test
    void the_listener_is_called_after_each_save_when_its_notifications_are_readable_and_not_once_closed() {
        try (Application app = new Application(Map.of())) {
            NotificationLog log = app.notificationLog();
            List<Long> seen = new ArrayList<>();
            Subscription subscription = log.subscribe(() -> seen.add(log.maxNotificationId()));
            app.save(new Note("one"));
            app.save(new Note("two"), new Note("three"));
            assertThat(seen).containsExactly(1L, 3L);

            subscription.close();
            subscription.close();
            app.save(new Note("four"));
            assertThat(seen).containsExactly(1L, 3L);
        }
    }

    @Test
    void a_listener_may_close_its_subscription_and_others_go_on() {
        try (Application app = new Application(Map.of())) {
            List<String> calls = new ArrayList<>();
            Subscription[] once = new Subscription[1];
            once[0] = app.notificationLog().subscribe(() -> {
                calls.add("once");
                once[0].close();
            });
            try (Subscription always = app.notificationLog().subscribe(() -> calls.add("always"))) {
                app.save(new Note("one"));
                app.save(new Note("two"));
            }
            assertThat(calls).containsExactly("once", "always", "always");
        }
    }

    @Test
    void a_closed_application_refuses_to_subscribe() {
        Application app = new Application(Map.of());
        app.close();
        assertThatThrownBy(() -> app.notificationLog().subscribe(() -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }
}
