package io.eventsourcing.persistence.tck;

import io.eventsourcing.application.AggregateNotFoundException;
import io.eventsourcing.application.AggregateVersionNotFoundException;
import io.eventsourcing.application.NotificationLog;
import io.eventsourcing.application.NotificationLogReader;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Subscription;
import io.eventsourcing.serialization.UnknownTopicException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.eventsourcing.persistence.tck.ApplicationRecorderConformance.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an application does, whatever stores its events: saving, getting, versions, optimistic concurrency and the
 * notification log. Every backend's test extends this suite unchanged and supplies settings for an empty store.
 */
public abstract class ApplicationConformance {

    private Universe app;

    /** @return settings that make an application over a fresh, empty store */
    protected abstract Map<String, String> settings();

    @BeforeEach
    final void createApplication() {
        app = new Universe(settings());
    }

    @AfterEach
    final void closeApplication() {
        app.close();
    }

    @Test
    void a_new_application_has_an_empty_log() {
        assertThat(app.notificationLog().maxNotificationId()).isZero();
        assertThat(app.notificationLog().section("1,10").items()).isEmpty();
    }

    /**
     * {@link NotificationLog#subscribe}: the subscriber is called after each save, and a call finds it readable in the
     * log (within seconds: where numbering is asynchronous, the recorder's push calls once it is numbered); closed, it
     * is called no more.
     */
    @Test
    void a_subscriber_to_the_log_is_called_once_each_save_is_readable_and_not_once_closed() throws Exception {
        BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
        Subscription subscription = app.notificationLog().subscribe(
                () -> seen.add(app.notificationLog().maxNotificationId()));
        UUID id = app.createWorld("Earth");
        awaitSeen(seen, 1);
        app.makeItSo(id, "light");
        awaitSeen(seen, 2);

        subscription.close();
        seen.clear();
        app.makeItSo(id, "water");
        assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).as("a call once closed").isNull();
    }

    /** Waits for a call that read notification {@code id} (a call may come twice, or stand for several saves). */
    private static void awaitSeen(BlockingQueue<Long> seen, long id) throws InterruptedException {
        for (Long value = seen.poll(10, TimeUnit.SECONDS); value == null || value < id;
             value = seen.poll(10, TimeUnit.SECONDS)) {
            assertThat(value).as("a call seeing notification %d within 10 s", id).isNotNull();
        }
    }

    @Test
    void commands_are_saved_and_the_aggregate_is_rebuilt_from_its_events() {
        UUID id = app.createWorld("Earth");
        app.makeItSo(id, "dinosaurs");
        app.makeItSo(id, "trucks");
        app.makeItSo(id, "internet");

        World world = app.repository().get(id);

        assertThat(world.name()).isEqualTo("Earth");
        assertThat(world.history()).containsExactly("dinosaurs", "trucks", "internet");
        assertThat(world.id()).isEqualTo(id);
        assertThat(world.version()).isEqualTo(4);
        assertThat(world.createdOn()).isBefore(world.modifiedOn());
    }

    @Test
    void a_rebuilt_aggregate_has_the_same_state_version_and_timestamps() {
        World world = new World("Mars");
        world.makeItSo("rovers");
        app.save(world);

        World copy = app.repository().get(world.id());

        assertThat(copy.history()).isEqualTo(world.history());
        assertThat(copy.version()).isEqualTo(world.version());
        assertThat(copy.createdOn()).isEqualTo(world.createdOn());
        assertThat(copy.modifiedOn()).isEqualTo(world.modifiedOn());
    }

    @Test
    void an_aggregate_is_got_as_it_was_at_a_version() {
        UUID id = app.createWorld("Earth");
        app.makeItSo(id, "dinosaurs");
        app.makeItSo(id, "trucks");
        app.makeItSo(id, "internet");

        World old = app.repository().get(id, 3);

        assertThat(old.version()).isEqualTo(3);
        assertThat(old.history()).containsExactly("dinosaurs", "trucks");
        World first = app.repository().get(id, 1);
        assertThat(first.history()).isEmpty();
    }

    @Test
    void an_unknown_id_is_not_found_and_the_error_names_it() {
        UUID id = UUID.randomUUID();

        assertThat(app.repository().contains(id)).isFalse();
        assertThatThrownBy(() -> app.repository().get(id))
                .isInstanceOf(AggregateNotFoundException.class)
                .hasMessageContaining(id.toString());
        UUID saved = app.createWorld("Venus");
        assertThat(app.repository().contains(saved)).isTrue();
    }

    @Test
    void saving_a_stale_copy_fails_and_stores_nothing() {
        UUID id = app.createWorld("Earth");
        World one = app.repository().get(id);
        World two = app.repository().get(id);
        one.makeItSo("dinosaurs");
        app.save(one);
        two.makeItSo("trucks");

        assertThatThrownBy(() -> app.save(two))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(id.toString())
                .hasMessageContaining("version 2");

        assertThat(app.history(id)).containsExactly("dinosaurs");
        assertThat(app.notificationLog().maxNotificationId()).isEqualTo(2);
    }

    @Test
    void saving_several_aggregates_stores_all_or_none() {
        UUID id = app.createWorld("Earth");
        World stale = app.repository().get(id);
        app.makeItSo(id, "dinosaurs");
        stale.makeItSo("trucks");
        World fresh = new World("Mars");

        assertThatThrownBy(() -> app.save(fresh, stale)).isInstanceOf(IntegrityException.class);

        assertThat(app.repository().contains(fresh.id())).isFalse();
        World other = new World("Venus");
        World another = new World("Jupiter");
        app.save(other, another);
        assertThat(app.repository().contains(other.id())).isTrue();
        assertThat(app.repository().contains(another.id())).isTrue();
    }

    @Test
    void pending_events_are_kept_when_a_save_fails_and_forgotten_when_it_succeeds() {
        World world = new World("Earth");
        app.save(world);
        assertThat(world.collectEvents()).isEmpty();
        World stale = app.repository().get(world.id());
        app.makeItSo(world.id(), "dinosaurs");
        stale.makeItSo("trucks");

        assertThatThrownBy(() -> app.save(stale)).isInstanceOf(IntegrityException.class);

        assertThat(stale.collectEvents()).hasSize(1);
    }

    @Test
    void the_log_holds_every_event_in_order_as_notifications_one_to_four() {
        UUID id = app.createWorld("Earth");
        app.makeItSo(id, "dinosaurs");
        app.makeItSo(id, "trucks");
        app.makeItSo(id, "internet");

        List<Notification> items = app.notificationLog().section("1,4").items();

        assertThat(ids(items)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(items).extracting(Notification::originatorId).containsOnly(id);
        assertThat(items.get(0).topic()).endsWith("World$Created");
        assertThat(items.get(1).topic()).endsWith("World$SomethingHappened");
        assertThat(text(items.get(0))).contains("Earth");
        assertThat(text(items.get(1))).contains("dinosaurs");
        assertThat(text(items.get(3))).contains("internet");
    }

    @Test
    void sections_page_through_the_log() {
        for (int i = 0; i < 3; i++) {
            UUID id = app.createWorld("World " + i);
            for (int k = 0; k < 3; k++) {
                app.makeItSo(id, "thing " + k);
            }
        }
        NotificationLog log = app.notificationLog();

        NotificationLog.Section first = log.section("1,10");
        assertThat(first.id()).isEqualTo("1,10");
        assertThat(first.items()).hasSize(10);
        assertThat(first.previousId()).isNull();
        assertThat(first.nextId()).isEqualTo("11,20");
        NotificationLog.Section second = log.section(first.nextId());
        assertThat(second.id()).isEqualTo("11,12");
        assertThat(second.previousId()).isEqualTo("1,10");
        assertThat(second.nextId()).isNull();
        assertThat(log.section("1,100").items()).hasSize(10);
        assertThat(log.section("13,20").items()).isEmpty();
        assertThat(log.maxNotificationId()).isEqualTo(12);
    }

    @Test
    void an_invalid_section_id_is_rejected_naming_it() {
        for (String bad : List.of("", "1", "a,b", "0,10", "5,4", "1,2,3")) {
            assertThatThrownBy(() -> app.notificationLog().section(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void a_reader_streams_the_whole_log_and_from_a_position() {
        UUID id = app.createWorld("Earth");
        for (int i = 0; i < 24; i++) {
            app.makeItSo(id, "thing " + i);
        }
        NotificationLogReader reader = new NotificationLogReader(app.notificationLog(), 10);

        try (Stream<Notification> all = reader.read(1)) {
            assertThat(all.map(Notification::id)).containsExactlyElementsOf(
                    Stream.iterate(1L, n -> n + 1).limit(25).toList());
        }
        try (Stream<Notification> rest = reader.read(21)) {
            assertThat(rest.map(Notification::id)).containsExactly(21L, 22L, 23L, 24L, 25L);
        }
        try (Stream<Notification> created = reader.read(1, Set.of(World.Created.class.getName()))) {
            assertThat(created.map(Notification::id)).containsExactly(1L);
        }
        app.makeItSo(id, "one more");
        try (Stream<Notification> tail = reader.read(26)) {
            assertThat(tail.map(Notification::id)).containsExactly(26L);
        }
    }

    @Test
    void every_kind_of_value_in_an_event_round_trips() {
        World world = new World("Earth");
        World.Described description = new World.Described("text \"quoted\" \u00e9\u4e16", Long.MAX_VALUE, -7,
                0.1, true, UUID.randomUUID(), Instant.parse("2026-11-25T10:15:30.123456789Z"),
                LocalDate.of(2026, 2, 28), new BigDecimal("12345678901234567890.0100"), World.Kind.GASEOUS,
                List.of("a", "b"), Set.of(1, 2, 3), Map.of("x", 1, "y", 2), new World.Place("Paris", 48.85),
                List.of(new World.Place("Rome", 41.9)));
        world.describe(description);
        app.save(world);

        World copy = app.repository().get(world.id());

        assertThat(copy.description()).isEqualTo(description);
    }

    @Test
    void strings_with_unpaired_surrogates_round_trip_exactly() {
        World world = new World("x\uD800y");                                  // the library's own JSON codec
        world.makeItSo("\uDC00, a pair \uD83D\uDE00, \uDBFF");
        world.describe(new World.Described("\uD800", 0, 0, 0, false, null, null, null, null, null,
                List.of("\uDFFF"), Set.of(), Map.of("key \uD800", 1), null, List.of()));
        world.label("a\uDFFFb");                                               // a JSON-B record: Yasson
        app.save(world);

        World copy = app.repository().get(world.id());

        assertThat(copy.name()).isEqualTo("x\uD800y");
        assertThat(copy.history()).containsExactly("\uDC00, a pair \uD83D\uDE00, \uDBFF");
        assertThat(copy.description()).isEqualTo(world.description());
        assertThat(copy.label()).isEqualTo("a\uDFFFb");
    }

    @Test
    void a_version_past_the_last_is_refused_naming_the_id_the_version_and_the_last() {
        UUID id = app.createWorld("Earth");
        app.makeItSo(id, "dinosaurs");

        assertThatThrownBy(() -> app.repository().get(id, 3))
                .isInstanceOf(AggregateVersionNotFoundException.class)
                .hasMessage("Aggregate %s has no version 3 in application Universe: its last version is 2", id)
                .satisfies(e -> {
                    AggregateVersionNotFoundException notFound = (AggregateVersionNotFoundException) e;
                    assertThat(notFound.id()).isEqualTo(id);
                    assertThat(notFound.version()).isEqualTo(3);
                    assertThat(notFound.lastVersion()).isEqualTo(2);
                });
        assertThat(app.repository().<World>get(id, 2).history()).containsExactly("dinosaurs");
    }

    @Test
    void saving_null_names_what_was_null_and_stores_nothing() {
        World world = new World("Earth");

        assertThatThrownBy(() -> app.save((Aggregate[]) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("Cannot save: the aggregates are null");
        assertThatThrownBy(() -> app.save(world, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("Cannot save: aggregate 2 of the 2 given is null");

        assertThat(app.repository().contains(world.id())).isFalse();
        assertThat(world.collectEvents()).hasSize(1);
    }

    @Test
    void a_closed_application_refuses_every_operation_naming_itself_and_closes_twice_harmlessly() {
        UUID id = app.createWorld("Earth");
        app.close();
        app.close();

        List<ThrowingCallable> operations = List.of(() -> app.save(new World("Mars")),
                () -> app.repository().get(id), () -> app.repository().get(id, 1),
                () -> app.repository().contains(id), () -> app.notificationLog().select(1, 10),
                () -> app.notificationLog().select(1, 10, 10, Set.of()), () -> app.notificationLog().section("1,10"),
                () -> app.notificationLog().maxNotificationId(), () -> app.takeSnapshot(id),
                () -> app.takeSnapshot(id, 1));
        for (ThrowingCallable operation : operations) {
            assertThatThrownBy(operation)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Application Universe is closed");
        }
    }

    @Test
    void an_unknown_topic_on_read_names_the_topic_and_the_aggregate() {
        UUID id = app.createWorld("Earth");
        app.eventStore().recorder().insertEvents(List.of(new StoredEvent(id, 2, "com.example.Gone",
                "{\"timestamp\":\"2026-11-25T10:15:30Z\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8))));

        assertThatThrownBy(() -> app.repository().get(id))
                .isInstanceOf(UnknownTopicException.class)
                .hasMessageContaining("com.example.Gone")
                .hasMessageContaining(id.toString());
    }

    private static String text(Notification n) {
        return new String(n.state(), StandardCharsets.UTF_8);
    }
}
