package io.eventsourcing.persistence.tck;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.serialization.DecryptionException;
import io.eventsourcing.serialization.MappedEvents;
import io.eventsourcing.serialization.Mapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.eventsourcing.persistence.tck.Events.event;
import static io.eventsourcing.persistence.tck.Events.versionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link DataKeyRecorder}: data keys are stored and deleted in the transaction of the events they
 * come with, all or nothing; they are selected in pages and wrapped anew where unchanged, which is how a mapper
 * reads them under a new master key and needs the old one no more. Every backend's test extends this suite unchanged and supplies a process recorder
 * over an empty store that keeps data keys.
 */
public abstract class DataKeyRecorderConformance {

    private static final byte[] WRAPPED = {1, 2, 3, 4};
    private static final byte[] OTHER = {5, 6, 7, 8};
    private static final String MASTER = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String NEW_MASTER = Base64.getEncoder().encodeToString(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    private ProcessRecorder events;
    private DataKeyRecorder keys;

    /** @return a process recorder over an empty store, which is a {@link DataKeyRecorder} */
    protected abstract ProcessRecorder newRecorder();

    @BeforeEach
    final void createRecorder() {
        events = newRecorder();
        assertThat(events).as("the recorder keeps data keys").isInstanceOf(DataKeyRecorder.class);
        keys = (DataKeyRecorder) events;
    }

    @Test
    void a_subject_without_a_key_has_none() {
        assertThat(keys.selectDataKey(UUID.randomUUID())).isEmpty();
    }

    @Test
    void keys_are_stored_with_the_events_and_selected_as_given() {
        UUID aggregate = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        keys.insertEvents(List.of(event(aggregate, 1), event(aggregate, 2)), List.of(),
                List.of(new DataKey(subject, WRAPPED), new DataKey(other, OTHER)), List.of());

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
        assertThat(keyOf(other)).containsExactly(OTHER);
        assertThat(versionsOf(events.selectEvents(aggregate))).containsExactly(1, 2);
        assertThat(events.maxNotificationId()).isEqualTo(2);
    }

    @Test
    void a_second_key_for_a_subject_is_refused_naming_it_and_nothing_of_that_save_is_stored() {
        UUID subject = UUID.randomUUID();
        UUID newcomer = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, WRAPPED)), List.of());

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 1)), List.of(),
                List.of(new DataKey(newcomer, OTHER), new DataKey(subject, OTHER)), List.of()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(subject.toString());

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
        assertThat(keys.selectDataKey(newcomer)).isEmpty();
        assertThat(events.selectEvents(aggregate)).isEmpty();
    }

    @Test
    void keys_of_a_save_whose_events_conflict_are_not_stored() {
        UUID aggregate = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        events.insertEvents(List.of(event(aggregate, 1)));

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 1)), List.of(),
                List.of(new DataKey(subject, WRAPPED)), List.of()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(aggregate.toString());

        assertThat(keys.selectDataKey(subject)).isEmpty();
    }

    @Test
    void forgetting_deletes_the_key_with_the_events_stored_and_a_subject_without_one_is_no_error() {
        UUID subject = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, WRAPPED), new DataKey(kept, OTHER)),
                List.of());

        keys.insertEvents(List.of(event(aggregate, 1)), List.of(), List.of(),
                List.of(subject, UUID.randomUUID()));

        assertThat(keys.selectDataKey(subject)).isEmpty();
        assertThat(keyOf(kept)).containsExactly(OTHER);
        assertThat(versionsOf(events.selectEvents(aggregate))).containsExactly(1);
    }

    @Test
    void a_forgetting_whose_events_conflict_deletes_nothing() {
        UUID subject = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        keys.insertEvents(List.of(event(aggregate, 1)), List.of(), List.of(new DataKey(subject, WRAPPED)),
                List.of());

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 1)), List.of(), List.of(),
                List.of(subject)))
                .isInstanceOf(IntegrityException.class);

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
    }

    @Test
    void a_subject_forgotten_and_given_a_new_key_in_one_save_has_the_new_key() {
        UUID subject = UUID.randomUUID();
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, WRAPPED)), List.of());

        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(subject, OTHER)), List.of(subject));

        assertThat(keyOf(subject)).containsExactly(OTHER);
    }

    @Test
    void keys_are_selected_in_pages_in_one_order_of_their_subjects() {
        List<UUID> subjects = new ArrayList<>();
        List<DataKey> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            subjects.add(UUID.randomUUID());
            stored.add(new DataKey(subjects.get(i), new byte[]{(byte) i}));
        }
        keys.insertEvents(List.of(), List.of(), stored, List.of());

        List<List<DataKey>> pages = new ArrayList<>();
        UUID after = null;
        List<DataKey> page;
        do {
            page = keys.selectDataKeys(after, 2);
            pages.add(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1).subjectId();
        } while (page.size() == 2);

        assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
        List<DataKey> all = pages.stream().flatMap(List::stream).toList();
        assertThat(all).extracting(DataKey::subjectId).containsExactlyInAnyOrderElementsOf(subjects);
        for (DataKey key : all) {
            assertThat(key.wrapped()).containsExactly(stored.get(subjects.indexOf(key.subjectId())).wrapped());
        }
        assertThat(keys.selectDataKeys(null, 5)).extracting(DataKey::subjectId)
                .as("the same order from the start").containsExactlyElementsOf(all.stream().map(DataKey::subjectId)
                        .toList());
    }

    @Test
    void keys_wrapped_anew_replace_only_the_keys_as_they_were_selected() {
        UUID kept = UUID.randomUUID();
        UUID replacedMeanwhile = UUID.randomUUID();
        UUID forgottenMeanwhile = UUID.randomUUID();
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(kept, WRAPPED),
                new DataKey(replacedMeanwhile, WRAPPED), new DataKey(forgottenMeanwhile, WRAPPED)), List.of());
        keys.insertEvents(List.of(), List.of(), List.of(new DataKey(replacedMeanwhile, OTHER)),
                List.of(replacedMeanwhile, forgottenMeanwhile));
        byte[] rewrapped = {9, 9, 9, 9};

        int replaced = keys.rewrapDataKeys(List.of(
                new DataKeyRecorder.Rewrapped(kept, WRAPPED.clone(), rewrapped),
                new DataKeyRecorder.Rewrapped(replacedMeanwhile, WRAPPED.clone(), rewrapped),
                new DataKeyRecorder.Rewrapped(forgottenMeanwhile, WRAPPED.clone(), rewrapped)));

        assertThat(replaced).isEqualTo(1);
        assertThat(keyOf(kept)).containsExactly(rewrapped);
        assertThat(keyOf(replacedMeanwhile)).containsExactly(OTHER);
        assertThat(keys.selectDataKey(forgottenMeanwhile)).as("not stored again").isEmpty();
    }

    @Test
    void a_new_master_key_reads_keys_the_previous_one_wrapped_and_after_wrapping_them_anew_needs_it_no_more() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Mapper old = mapper(MASTER, null, false);
        old.checkMasterKey();
        List<StoredEvent> stored = store(old, joined(alice, "Alice"), joined(bob, "Bob"));

        Mapper rotating = mapper(NEW_MASTER, MASTER, false);
        rotating.checkMasterKey();
        assertThat(names(rotating, stored)).containsExactly("Alice", "Bob");
        assertThat(rotating.rewrapDataKeys()).as("alice's and bob's").isEqualTo(2);
        assertThat(rotating.rewrapDataKeys()).as("none left").isZero();

        Mapper rotated = mapper(NEW_MASTER, null, false);
        rotated.checkMasterKey();
        assertThat(names(rotated, stored)).containsExactly("Alice", "Bob");
        assertThatThrownBy(() -> mapper(MASTER, null, false).checkMasterKey())
                .as("the check value is wrapped anew too")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.CIPHER_KEY);
    }

    @Test
    void states_encrypted_whole_by_a_previous_master_key_are_read_with_it() {
        UUID alice = UUID.randomUUID();
        List<StoredEvent> stored = store(mapper(MASTER, null, true), joined(alice, "Alice"));

        assertThat(names(mapper(NEW_MASTER, MASTER, true), stored)).containsExactly("Alice");
        assertThatThrownBy(() -> names(mapper(NEW_MASTER, null, true), stored))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(stored.get(0).originatorId().toString());
    }

    @Test
    void a_master_key_that_did_not_wrap_the_stored_keys_fails_its_check_naming_the_setting() {
        mapper(MASTER, null, false).checkMasterKey();

        assertThatThrownBy(() -> mapper(NEW_MASTER, null, false).checkMasterKey())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.CIPHER_KEY)
                .hasMessageContaining(Settings.CIPHER_PREVIOUS_KEYS);
        mapper(NEW_MASTER, MASTER, false).checkMasterKey();
    }

    @Test
    void a_changed_data_key_or_personal_ciphertext_is_refused_naming_the_aggregate() {
        UUID alice = UUID.randomUUID();
        Mapper mapper = mapper(MASTER, null, false);
        StoredEvent event = store(mapper, joined(alice, "Alice")).get(0);
        String text = new String(event.state(), StandardCharsets.UTF_8);
        int sealed = text.indexOf("\"$personal\":\"") + 13;
        char changed = text.charAt(sealed + 20) == 'A' ? 'B' : 'A';
        StoredEvent tampered = new StoredEvent(event.originatorId(), event.originatorVersion(), event.topic(),
                (text.substring(0, sealed + 20) + changed + text.substring(sealed + 21))
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> mapper(MASTER, null, false).toDomainEvent(tampered))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(event.originatorId().toString());

        byte[] wrapped = keyOf(alice);
        byte[] flipped = wrapped.clone();
        flipped[flipped.length - 1] ^= 1;
        keys.rewrapDataKeys(List.of(new DataKeyRecorder.Rewrapped(alice, wrapped, flipped)));
        assertThatThrownBy(() -> mapper(MASTER, null, false).toDomainEvent(event))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(event.originatorId().toString())
                .hasMessageContaining(alice.toString());
    }

    private Mapper mapper(String master, String previous, boolean encryptStates) {
        Map<String, String> settings = new HashMap<>();
        settings.put(Settings.CIPHER_KEY, master);
        if (previous != null) {
            settings.put(Settings.CIPHER_PREVIOUS_KEYS, previous);
        }
        settings.put(Settings.CIPHER_ENCRYPT_STATES, Boolean.toString(encryptStates));
        return Mapper.create(Settings.of(settings)).withDataKeys(keys);
    }

    private static DomainEvent joined(UUID person, String name) {
        return new DomainEvent(UUID.randomUUID(), 1, Instant.now(), Member.class.getName(),
                new Member.Joined(person, name, name.toLowerCase() + "@example.org", "Croquet"));
    }

    /** Maps the events and stores them with their new keys, as a save does. */
    private List<StoredEvent> store(Mapper mapper, DomainEvent... domainEvents) {
        MappedEvents mapped = mapper.toStoredEvents(List.of(domainEvents));
        keys.insertEvents(mapped.events(), List.of(), mapped.newKeys(), List.of());
        return mapped.events();
    }

    private static List<String> names(Mapper mapper, List<StoredEvent> stored) {
        return stored.stream().map(e -> ((Member.Joined) mapper.toDomainEvent(e).payload()).name()).toList();
    }

    @Test
    void keys_are_stored_with_the_tracking_and_not_if_the_notification_is_tracked_already() {
        UUID aggregate = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        keys.insertEvents(List.of(event(aggregate, 1)), List.of(new Tracking("Upstream", 1)),
                List.of(new DataKey(subject, WRAPPED)), List.of());

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 2)),
                List.of(new Tracking("Upstream", 1)), List.of(new DataKey(late, OTHER)), List.of()))
                .isInstanceOf(IntegrityException.class);

        assertThat(keyOf(subject)).containsExactly(WRAPPED);
        assertThat(events.hasTracking("Upstream", 1)).isTrue();
        assertThat(keys.selectDataKey(late)).isEmpty();
        assertThat(versionsOf(events.selectEvents(aggregate))).containsExactly(1);
    }

    @Test
    void a_forgetting_with_a_notification_tracked_already_deletes_nothing_and_one_tracked_now_deletes_with_it() {
        UUID subject = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        keys.insertEvents(List.of(event(aggregate, 1)), List.of(new Tracking("Upstream", 1)),
                List.of(new DataKey(subject, WRAPPED)), List.of());

        assertThatThrownBy(() -> keys.insertEvents(List.of(event(aggregate, 2)),
                List.of(new Tracking("Upstream", 1)), List.of(), List.of(subject)))
                .isInstanceOf(IntegrityException.class);
        assertThat(keyOf(subject)).as("the processing that lost the race forgets nothing").containsExactly(WRAPPED);

        keys.insertEvents(List.of(event(aggregate, 2)), List.of(new Tracking("Upstream", 2)), List.of(),
                List.of(subject));
        assertThat(keys.selectDataKey(subject)).isEmpty();
        assertThat(events.hasTracking("Upstream", 2)).isTrue();
        assertThat(versionsOf(events.selectEvents(aggregate))).containsExactly(1, 2);
    }

    private byte[] keyOf(UUID subject) {
        return keys.selectDataKey(subject).orElseThrow(() -> new AssertionError("no key for subject " + subject));
    }
}
