package io.eventsourcing.application;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.DataSubject;
import io.eventsourcing.domain.DomainEvent;
import io.eventsourcing.domain.PersonalData;
import io.eventsourcing.domain.Upcast;
import io.eventsourcing.domain.internal.AggregateType;
import io.eventsourcing.memory.InMemoryRecorder;
import io.eventsourcing.persistence.AggregateRecorder;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.EventStore;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.serialization.DecryptionException;
import io.eventsourcing.serialization.MappedEvents;
import io.eventsourcing.serialization.Mapper;
import io.eventsourcing.serialization.internal.AesGcmCodec;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingException;
import io.eventsourcing.system.ProcessingEvent;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Personal data: sealed with its subject's data key, read back, and forgotten with the key. */
class PersonalDataTest {

    private static final byte[] MASTER_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY = Base64.getEncoder().encodeToString(MASTER_KEY);
    private static final Map<String, String> KEYED = Map.of(Settings.CIPHER_KEY, KEY);
    /** The master key wraps the data keys only: the rest of the states is plain JSON, to look at. */
    private static final Map<String, String> KEY_ONLY = Map.of(Settings.CIPHER_KEY, KEY,
            Settings.CIPHER_ENCRYPT_STATES, "false");

    public static class Dog extends Aggregate {
        public record Registered(@DataSubject UUID ownerId, @PersonalData String ownerName, String dogName) {
        }

        /** Its subject is the dog. */
        public record Noted(@PersonalData(forgotten = "(forgotten)") String note) {
        }

        public record Moved(@DataSubject UUID ownerId, @PersonalData Address address) {
        }

        public record Address(String street, String city) {
        }

        /** Version 2: version 1 had no place, which the upcaster makes from the visitor. */
        public record Visited(@DataSubject UUID ownerId, @PersonalData String visitor, String place) {
            @Upcast(from = 1)
            static JsonObject addPlace(JsonObject v1) {
                SEEN_BY_UPCASTER.add(v1.toString());
                return Json.createObjectBuilder(v1).add("place", "met " + v1.getString("visitor", "nobody")).build();
            }
        }

        /** Written by JSON-B (Yasson): a JSON-B annotation keeps it from the library's own codec. */
        public record Adopted(@DataSubject UUID ownerId,
                              @JsonbProperty("owner_phone") @PersonalData String ownerPhone, String shelter) {
        }

        String ownerName;
        String dogName;
        String note;
        Address address;
        String visitor;
        String place;
        String ownerPhone;
        String shelter;
        /** Events applied to this instance: not in snapshots. */
        transient int applied;

        public Dog(UUID ownerId, String ownerName, String dogName) {
            trigger(new Registered(ownerId, ownerName, dogName));
        }

        private Dog() {
        }

        public void note(String note) {
            trigger(new Noted(note));
        }

        public void move(UUID ownerId, Address address) {
            trigger(new Moved(ownerId, address));
        }

        public void visit(UUID ownerId, String visitor) {
            trigger(new Visited(ownerId, visitor, "park"));
        }

        public void adopt(UUID ownerId, String phone) {
            trigger(new Adopted(ownerId, phone, "Battersea"));
        }

        @Apply
        void on(Registered e) {
            applied++;
            ownerName = e.ownerName();
            dogName = e.dogName();
        }

        @Apply
        void on(Noted e) {
            applied++;
            note = e.note();
        }

        @Apply
        void on(Moved e) {
            applied++;
            address = e.address();
        }

        @Apply
        void on(Visited e) {
            applied++;
            visitor = e.visitor();
            place = e.place();
        }

        @Apply
        void on(Adopted e) {
            applied++;
            ownerPhone = e.ownerPhone();
            shelter = e.shelter();
        }
    }

    /** What upcasters were given. */
    static final List<String> SEEN_BY_UPCASTER = new ArrayList<>();

    public record Primitive(@PersonalData int age) {
    }

    public record TwoSubjects(@DataSubject UUID one, @DataSubject UUID two, @PersonalData String name) {
    }

    public record StringSubject(@DataSubject String who, @PersonalData String name) {
    }

    public record ReplacedNumber(@PersonalData(forgotten = "none") Integer age) {
    }

    public record Person(@PersonalData String name) {
    }

    public record Tagged(@PersonalData String name, Map<String, String> tags) {
    }

    public record Hidden(@PersonalData @JsonbTransient String name) {
    }

    public record Reserved(@PersonalData String name, String $subject) {
    }

    public record Team(Map<String, List<Person>> members) {
    }

    static class School extends Application {
        School(Map<String, String> settings) {
            super(settings);
        }
    }

    /** Keeps, per owner, the names it read; forgets them on {@link SubjectForgotten}; writes each a card. */
    static class Mailroom extends ProcessApplication {
        final Map<UUID, String> names = new HashMap<>();
        final List<String> read = new ArrayList<>();

        Mailroom() {
            super(KEYED);
        }

        @Policy
        void on(Dog.Registered e, ProcessingEvent processing) {
            names.put(e.ownerId(), e.ownerName());
            read.add(e.ownerName());
            processing.collect(new Card(e.ownerId(), e.ownerName()));
        }

        @Policy
        void on(SubjectForgotten e, ProcessingEvent processing) {
            names.remove(e.subjectId());
            forget(e.subjectId());      // the cards hold the subject's personal data too, under keys of this store
        }
    }

    /**
     * Writes each owner a card, forgets an owner its leader forgot, and on a dog's note reads the card of the dog's
     * owner in its batch's repository: an aggregate the process keeps between batches.
     */
    static class Postman extends ProcessApplication {
        final Map<UUID, UUID> cardOfDog = new HashMap<>();
        final List<String> readOnNote = new ArrayList<>();

        Postman(Map<String, String> settings) {
            super(settings);
        }

        @Policy
        void on(Dog.Registered e, ProcessingEvent processing) {
            Card card = new Card(e.ownerId(), e.ownerName());
            cardOfDog.put(processing.event().originatorId(), card.id());
            processing.collect(card);
        }

        /** Run on another thread, and waited for, after a note's card was read. */
        Runnable whileNoting;

        @Policy
        void on(Dog.Noted e, ProcessingEvent processing) throws InterruptedException {
            readOnNote.add(repository().<Card>get(cardOfDog.get(processing.event().originatorId())).to);
            if (whileNoting != null) {
                Thread other = new Thread(whileNoting);
                other.start();
                other.join();
                whileNoting = null;
            }
        }

        @Policy
        void on(SubjectForgotten e, ProcessingEvent processing) {
            forget(e.subjectId());
        }
    }

    /**
     * Writes each owner a card naming the dog, and forgets an owner its leader forgot with the notification's tracking
     * ({@link ProcessingEvent#forget}); fails after forgetting while {@link #failing}.
     */
    static class Clerk extends ProcessApplication {
        final Map<UUID, UUID> cardOfOwner = new HashMap<>();
        boolean failing;
        /** The subject forgotten instead of the one the leader forgot, if any. */
        UUID instead;

        Clerk() {
            super(KEYED);
        }

        @Policy
        void on(Dog.Registered e, ProcessingEvent processing) {
            Card card = new Card(e.ownerId(), "card for " + e.dogName());
            cardOfOwner.put(e.ownerId(), card.id());
            processing.collect(card);
        }

        @Policy
        void on(SubjectForgotten e, ProcessingEvent processing) {
            processing.forget(instead != null ? instead : e.subjectId());
            if (failing) {
                throw new IllegalStateException("the clerk fails after forgetting");
            }
        }

        String card(UUID owner) {
            return repository().<Card>get(cardOfOwner.get(owner)).to;
        }

        long forgotten(UUID subject) {
            return notificationLog().select(1, 1_000).stream()
                    .filter(n -> eventStore().mapper().toDomainEvent(n.storedEvent()).payload()
                            instanceof SubjectForgotten f && f.subjectId().equals(subject)).count();
        }
    }

    /** The owners' names, as a read model in memory. */
    static class Owners extends Projection {
        final Map<UUID, String> names = new HashMap<>();
        final List<String> seen = new ArrayList<>();

        Owners() {
            super(Map.of());
        }

        @Policy
        void on(Dog.Registered e, ProjectionContext context) {
            seen.add(e.ownerName());
            if (e.ownerName() != null) {
                names.put(e.ownerId(), e.ownerName());
            }
        }

        @Policy
        void on(SubjectForgotten e, ProjectionContext context) {
            names.remove(e.subjectId());
        }
    }

    public static class Card extends Aggregate {
        public record Written(@DataSubject UUID ownerId, @PersonalData String to) {
        }

        String to;

        Card(UUID ownerId, String to) {
            trigger(new Written(ownerId, to));
        }

        private Card() {
        }

        @Apply
        void on(Written e) {
            to = e.to();
        }
    }

    @Test
    void personal_data_is_stored_sealed_beside_the_plain_fields_and_reads_back() {
        try (School school = new School(KEY_ONLY)) {
            UUID owner = UUID.randomUUID();
            Dog dog = new Dog(owner, "Alice Liddell", "Rex");
            dog.note("bites the postman");
            dog.move(owner, new Dog.Address("Carroll Street 1", "Oxford"));
            school.save(dog);

            Dog copy = school.repository().get(dog.id());
            String stored = storedText(school);

            assertThat(copy.ownerName).isEqualTo("Alice Liddell");
            assertThat(copy.dogName).isEqualTo("Rex");
            assertThat(copy.note).isEqualTo("bites the postman");
            assertThat(copy.address).isEqualTo(new Dog.Address("Carroll Street 1", "Oxford"));
            assertThat(stored).doesNotContain("Alice", "postman", "Carroll", "Oxford")
                    .contains("\"dogName\":\"Rex\"", "\"ownerId\":\"" + owner + "\"", "\"$personal\":\"",
                            "\"$subject\":\"" + owner + "\"");
        }
    }

    @Test
    void forgetting_a_subject_blanks_its_personal_data_and_keeps_every_event_in_the_log() {
        try (School school = new School(KEYED)) {
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            rex.note("bites");
            rex.move(alice, new Dog.Address("Carroll Street 1", "Oxford"));
            Dog fido = new Dog(bob, "Bob", "Fido");
            fido.move(bob, new Dog.Address("Baker Street 221b", "London"));
            school.save(rex, fido);

            school.forget(alice);
            school.forget(rex.id());

            Dog forgotten = school.repository().get(rex.id());
            assertThat(forgotten.ownerName).isNull();
            assertThat(forgotten.address).isNull();
            assertThat(forgotten.note).as("the replacement the component names").isEqualTo("(forgotten)");
            assertThat(forgotten.dogName).isEqualTo("Rex");
            assertThat(forgotten.version()).isEqualTo(3);
            Dog kept = school.repository().get(fido.id());
            assertThat(kept.ownerName).isEqualTo("Bob");
            assertThat(kept.address).isEqualTo(new Dog.Address("Baker Street 221b", "London"));

            List<Notification> log = school.notificationLog().select(1, 100);
            assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            List<Record> payloads = log.stream()
                    .map(n -> school.eventStore().mapper().toDomainEvent(n.storedEvent()).payload()).toList();
            assertThat(payloads.get(0)).isEqualTo(new Dog.Registered(alice, null, "Rex"));
            assertThat(payloads.subList(5, 7)).containsExactly(new SubjectForgotten(alice),
                    new SubjectForgotten(rex.id()));
        }
    }

    @Test
    void personal_data_saved_after_forgetting_gets_a_new_key_and_reads_back() {
        try (School school = new School(KEYED)) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            school.save(rex);
            school.forget(alice);
            school.forget(alice);

            rex.move(alice, new Dog.Address("Carroll Street 1", "Oxford"));
            school.save(rex);

            Dog copy = school.repository().get(rex.id());
            assertThat(copy.ownerName).as("sealed with the forgotten key").isNull();
            assertThat(copy.address).as("sealed with the new key").isEqualTo(new Dog.Address("Carroll Street 1",
                    "Oxford"));
            assertThat(school.notificationLog().select(1, 100)).extracting(Notification::topic)
                    .containsExactly(Dog.Registered.class.getName(), SubjectForgotten.class.getName(),
                            SubjectForgotten.class.getName(), Dog.Moved.class.getName());
        }
    }

    @Test
    void compression_and_the_application_wide_cipher_wrap_the_sealed_state() {
        Map<String, String> settings = Map.of(Settings.CIPHER_KEY, KEY, Settings.COMPRESSOR, "zlib");
        try (School school = new School(settings)) {
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            Dog fido = new Dog(bob, "Bob", "Fido");
            school.save(rex, fido);

            assertThat(school.repository().<Dog>get(rex.id()).ownerName).isEqualTo("Alice");
            school.forget(alice);

            assertThat(school.repository().<Dog>get(rex.id()).ownerName).isNull();
            assertThat(school.repository().<Dog>get(rex.id()).dogName).isEqualTo("Rex");
            assertThat(school.repository().<Dog>get(fido.id()).ownerName).isEqualTo("Bob");
            assertThat(storedText(school)).doesNotContain("Rex", "$personal");
        }
    }

    @Test
    void upcasters_see_personal_data_in_plain_text_and_not_at_all_once_it_is_forgotten() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        Mapper mapper = Mapper.create(Settings.of(KEY_ONLY)).withDataKeys(recorder);
        EventStore store = new EventStore(mapper, recorder);
        UUID alice = UUID.randomUUID();
        Dog rex = new Dog(alice, "Alice", "Rex");
        rex.visit(alice, "Lewis");
        store.put(rex.collectEvents());
        StoredEvent visited = recorder.selectEvents(rex.id()).get(1);
        StoredEvent atVersion1 = new StoredEvent(visited.originatorId(), 2, visited.topic(),
                new String(visited.state(), StandardCharsets.UTF_8).replace("\"classVersion\":2", "\"classVersion\":1")
                        .replace(",\"place\":\"park\"", "").getBytes(StandardCharsets.UTF_8));
        SEEN_BY_UPCASTER.clear();

        Record read = mapper.toDomainEvent(atVersion1).payload();

        assertThat(read).isEqualTo(new Dog.Visited(alice, "Lewis", "met Lewis"));
        assertThat(SEEN_BY_UPCASTER).singleElement().asString().contains("\"visitor\":\"Lewis\"");

        store.forget(List.of(alice), List.of());
        SEEN_BY_UPCASTER.clear();

        assertThat(mapper.toDomainEvent(atVersion1).payload()).isEqualTo(new Dog.Visited(alice, null, "met nobody"));
        assertThat(SEEN_BY_UPCASTER).singleElement().asString().doesNotContain("visitor", "$personal");
    }

    @Test
    void records_that_json_b_writes_are_sealed_under_their_json_names_and_forgotten_too() {
        try (School school = new School(KEY_ONLY)) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            rex.adopt(alice, "+44 20 7946 0000");
            school.save(rex);

            assertThat(school.repository().<Dog>get(rex.id()).ownerPhone).isEqualTo("+44 20 7946 0000");
            assertThat(storedText(school)).doesNotContain("7946", "owner_phone")
                    .contains("\"$personal\":\"", "\"shelter\":\"Battersea\"");

            school.forget(alice);

            Dog copy = school.repository().get(rex.id());
            assertThat(copy.ownerPhone).isNull();
            assertThat(copy.shelter).isEqualTo("Battersea");
        }
    }

    @Test
    void a_changed_ciphertext_is_refused_naming_the_aggregate() {
        try (School school = new School(KEY_ONLY)) {
            Dog rex = new Dog(UUID.randomUUID(), "Alice", "Rex");
            school.save(rex);
            StoredEvent stored = school.notificationLog().select(1, 1).get(0).storedEvent();
            String json = new String(stored.state(), StandardCharsets.UTF_8);
            int at = json.indexOf("\"$personal\":\"") + 40;      // past the key id
            String changed = json.substring(0, at) + (json.charAt(at) == 'A' ? 'B' : 'A') + json.substring(at + 1);
            StoredEvent tampered = new StoredEvent(stored.originatorId(), 1, stored.topic(),
                    changed.getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> school.eventStore().mapper().toDomainEvent(tampered))
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining("aggregate " + rex.id())
                    .hasMessageContaining("personal data")
                    .satisfies(e -> assertThat(((DecryptionException) e).originatorId()).isEqualTo(rex.id()));
            StoredEvent moved = new StoredEvent(UUID.randomUUID(), 1, stored.topic(), stored.state());
            assertThatThrownBy(() -> school.eventStore().mapper().toDomainEvent(moved))
                    .as("moved to another aggregate")
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining("aggregate " + moved.originatorId());
        }
    }

    @Test
    void a_changed_data_key_is_refused_naming_the_aggregate_and_subject() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        UUID alice = UUID.randomUUID();
        Dog rex = new Dog(alice, "Alice", "Rex");
        new EventStore(Mapper.create(Settings.of(KEYED)).withDataKeys(recorder), recorder).put(rex.collectEvents());
        Mapper reader = Mapper.create(Settings.of(KEYED)).withDataKeys(new Keys(recorder) {
            @Override
            public Optional<byte[]> selectDataKey(UUID subjectId) {
                byte[] key = recorder.selectDataKey(subjectId).orElseThrow().clone();
                key[key.length - 1] ^= 1;
                return Optional.of(key);
            }
        });

        assertThatThrownBy(() -> reader.toDomainEvent(recorder.selectEvents(rex.id()).get(0)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("aggregate " + rex.id())
                .hasMessageContaining("subject " + alice)
                .hasMessageContaining(Settings.CIPHER_KEY);
    }

    @Test
    void another_process_forgetting_a_subject_is_seen_once_the_cached_key_expires() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        UUID alice = UUID.randomUUID();
        Dog rex = new Dog(alice, "Alice", "Rex");
        new EventStore(Mapper.create(Settings.of(KEYED)).withDataKeys(recorder), recorder).put(rex.collectEvents());
        Map<String, String> expiring = new HashMap<>(KEYED);
        expiring.put(Settings.CIPHER_KEY_CACHE_MILLIS, "300");
        Mapper reader = Mapper.create(Settings.of(expiring)).withDataKeys(recorder);
        StoredEvent registered = recorder.selectEvents(rex.id()).get(0);
        assertThat(((Dog.Registered) reader.toDomainEvent(registered).payload()).ownerName()).isEqualTo("Alice");

        recorder.insertEvents(List.of(), List.of(), List.of(), List.of(alice));     // another mapper's forget

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (((Dog.Registered) reader.toDomainEvent(registered).payload()).ownerName() != null) {
            assertThat(System.nanoTime()).as("forgotten within the cache's 300 ms").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void the_reserved_subject_names_no_personal_data() {
        try (School school = new School(KEYED)) {
            UUID reserved = new UUID(0, 0);

            assertThatThrownBy(() -> school.forget(reserved))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reserved + " is reserved");
            assertThatThrownBy(() -> school.save(new Dog(reserved, "Alice", "Rex")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reserved + ", which is reserved");
        }
    }

    @Test
    void previous_master_keys_are_checked_naming_the_setting_and_which_key() {
        Map<String, String> invalid = new HashMap<>(KEYED);
        invalid.put(Settings.CIPHER_PREVIOUS_KEYS, KEY + ", not-a-key");

        assertThatThrownBy(() -> Mapper.create(Settings.of(invalid)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.CIPHER_PREVIOUS_KEYS + " (key 2 of 2)")
                .hasMessageNotContaining("not-a-key");
        assertThatThrownBy(() -> Mapper.create(Settings.of(Map.of(Settings.CIPHER_PREVIOUS_KEYS, KEY))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.CIPHER_PREVIOUS_KEYS + " is set, and " + Settings.CIPHER_KEY
                        + " is not");
        assertThatThrownBy(() -> Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, KEY,
                Settings.CIPHER_KEY_CACHE_MILLIS, "-1"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.CIPHER_KEY_CACHE_MILLIS);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void a_process_that_loses_the_race_to_store_the_check_value_checks_the_winners(boolean sameKey) {
        InMemoryRecorder store = new InMemoryRecorder();
        String winnersKey = sameKey ? KEY : Base64.getEncoder().encodeToString(new byte[32]);
        DataKeyRecorder racing = new Keys(store) {
            private boolean raced;

            @Override
            public Optional<byte[]> selectDataKey(UUID subjectId) {
                Optional<byte[]> found = super.selectDataKey(subjectId);
                if (found.isEmpty() && !raced) {
                    raced = true;       // another process stores its check value right after this select
                    Mapper.create(Settings.of(Map.of(Settings.CIPHER_KEY, winnersKey))).withDataKeys(store)
                            .checkMasterKey();
                }
                return found;
            }
        };
        Mapper loser = Mapper.create(Settings.of(KEYED)).withDataKeys(racing);

        if (sameKey) {
            loser.checkMasterKey();
            assertThat(store.selectDataKeys(null, 10)).as("the winner's check value, alone").hasSize(1);
        } else {
            assertThatThrownBy(loser::checkMasterKey).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(Settings.CIPHER_KEY + " is not the master key");
        }
    }

    @Test
    void personal_data_without_a_master_key_fails_naming_the_key_and_the_record_class() {
        try (School school = new School(Map.of())) {
            Dog rex = new Dog(UUID.randomUUID(), "Alice", "Rex");

            assertThatThrownBy(() -> school.save(rex))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(Settings.CIPHER_KEY)
                    .hasMessageContaining(Dog.Registered.class.getName())
                    .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo(Settings.CIPHER_KEY));
            assertThat(school.notificationLog().select(1, 10)).isEmpty();
        }
    }

    @Test
    void one_save_of_ten_events_of_one_subject_creates_one_key_and_reads_select_it_once_also_when_deleted() {
        AtomicInteger selects = new AtomicInteger();
        List<DataKey> inserted = new ArrayList<>();
        InMemoryRecorder recorder = new InMemoryRecorder();
        Keys counting = new Keys(recorder) {
            @Override
            public Optional<byte[]> selectDataKey(UUID subjectId) {
                selects.incrementAndGet();
                return super.selectDataKey(subjectId);
            }

            @Override
            public void insertEvents(List<StoredEvent> events, List<Tracking> tracking, List<DataKey> newKeys,
                                     List<UUID> forgotten) {
                inserted.addAll(newKeys);
                super.insertEvents(events, tracking, newKeys, forgotten);
            }
        };
        Mapper mapper = Mapper.create(Settings.of(KEYED)).withDataKeys(counting);
        UUID alice = UUID.randomUUID();
        Dog rex = new Dog(alice, "Alice", "Rex");
        for (int i = 0; i < 9; i++) {
            rex.visit(alice, "visitor " + i);
        }

        MappedEvents mapped = mapper.toStoredEvents(rex.collectEvents());
        counting.insertEvents(mapped.events(), List.of(), mapped.newKeys(), List.of());

        assertThat(mapped.events()).hasSize(10);
        assertThat(inserted).extracting(DataKey::subjectId).containsExactly(alice);
        assertThat(mapper.toStoredEvents(List.of(event(UUID.randomUUID(), new Dog.Noted(null)))).newKeys())
                .as("no key for a subject without personal data").isEmpty();
        assertThat(selects).as("looked for once, before it was created").hasValue(1);

        for (int read = 0; read < 2; read++) {
            assertThat(recorder.selectEvents(rex.id())).extracting(e -> mapper.toDomainEvent(e).payload())
                    .hasSize(10).last().isEqualTo(new Dog.Visited(alice, "visitor 8", "park"));
        }

        assertThat(selects).as("selected and unwrapped once, then cached").hasValue(2);

        counting.insertEvents(List.of(), List.of(), List.of(), List.of(alice));
        mapper.evictDataKey(alice);
        for (int read = 0; read < 2; read++) {
            assertThat(recorder.selectEvents(rex.id())).extracting(e -> mapper.toDomainEvent(e).payload())
                    .hasSize(10).last().isEqualTo(new Dog.Visited(alice, null, "park"));
        }

        assertThat(selects).as("found deleted once, then known to be").hasValue(3);
    }

    @Test
    void a_follower_reads_the_log_after_forgetting_and_stores_personal_data_of_its_own_with_its_tracking() {
        try (School school = new School(KEYED); Mailroom mailroom = new Mailroom()) {
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            school.save(new Dog(alice, "Alice", "Rex"), new Dog(bob, "Bob", "Fido"));
            mailroom.follow(school);
            mailroom.pullAndProcess("School");
            assertThat(mailroom.names).containsOnly(Map.entry(alice, "Alice"), Map.entry(bob, "Bob"));
            UUID card = mailroom.notificationLog().select(1, 1).get(0).originatorId();
            assertThat(mailroom.repository().<Card>get(card).to).isEqualTo("Alice");

            school.forget(alice);
            mailroom.pullAndProcess("School");

            assertThat(mailroom.names).containsOnly(Map.entry(bob, "Bob"));
            assertThat(mailroom.position("School")).isEqualTo(3);
            assertThat(mailroom.repository().<Card>get(card).to).isNull();
            try (Mailroom rebuilt = new Mailroom()) {
                rebuilt.follow(school);
                rebuilt.pullAndProcess("School");
                assertThat(rebuilt.read).containsExactly(null, "Bob");
                assertThat(rebuilt.names).containsOnly(Map.entry(bob, "Bob"));
                assertThat(rebuilt.position("School")).isEqualTo(3);
            }
        }
    }

    @Test
    void a_process_application_that_forgets_a_subject_no_longer_serves_its_personal_data_from_the_aggregates_it_keeps() {
        try (School school = new School(KEYED); Postman postman = new Postman(KEYED)) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            school.save(rex);
            postman.follow(school);
            rex.note("before");
            school.save(rex);
            postman.pullAndProcess("School");
            assertThat(postman.readOnNote).containsExactly("Alice");

            school.forget(alice);
            postman.pullAndProcess("School");           // forgets alice in the postman's store too
            rex.note("after");
            school.save(rex);
            postman.pullAndProcess("School");

            assertThat(postman.readOnNote).as("the card read in a batch after the forget").containsExactly("Alice",
                    null);
        }
    }

    @Test
    void a_batch_during_which_another_thread_forgets_the_subject_does_not_keep_its_personal_data() {
        try (School school = new School(KEYED); Postman postman = new Postman(KEYED)) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            school.save(rex);
            postman.follow(school);
            postman.pullAndProcess("School");            // the card, kept

            rex.note("during");
            school.save(rex);
            postman.whileNoting = () -> postman.forget(alice);
            postman.pullAndProcess("School");            // reads the kept card, then the forget drops it
            rex.note("after");
            school.save(rex);
            postman.pullAndProcess("School");

            assertThat(postman.readOnNote).as("read before the forget, then after it").containsExactly("Alice", null);
        }
    }

    @Test
    void a_process_application_sees_a_subject_another_process_forgot_once_the_cached_key_expires() {
        Map<String, String> expiring = new HashMap<>(KEYED);
        expiring.put(Settings.CIPHER_KEY_CACHE_MILLIS, "300");
        try (School school = new School(KEYED); Postman postman = new Postman(expiring)) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            school.save(rex);
            postman.follow(school);
            postman.pullAndProcess("School");

            // Another process's forget, in the postman's store: its key is deleted, nothing else.
            ((DataKeyRecorder) postman.eventStore().recorder()).insertEvents(List.of(), List.of(), List.of(),
                    List.of(alice));

            long deadline = System.nanoTime() + 5_000_000_000L;
            do {
                assertThat(System.nanoTime()).as("forgotten within the cache's 300 ms, after %d reads of the card",
                        postman.readOnNote.size()).isLessThan(deadline);
                LockSupport.parkNanos(20_000_000);
                rex.note("again");
                school.save(rex);
                postman.pullAndProcess("School");
            } while (postman.readOnNote.get(postman.readOnNote.size() - 1) != null);
        }
    }

    @Test
    void a_policy_forgets_a_subject_with_its_tracking_and_a_failed_processing_forgets_nothing() {
        try (School school = new School(KEYED); Clerk clerk = new Clerk()) {
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            school.save(new Dog(alice, "Alice", "Rex"), new Dog(bob, "Bob", "Fido"));
            clerk.follow(school);
            clerk.pullAndProcess("School");
            school.forget(alice);

            clerk.failing = true;
            assertThatThrownBy(() -> clerk.pullAndProcess("School")).isInstanceOf(ProcessingException.class)
                    .hasMessageContaining("the clerk fails after forgetting");
            assertThat(clerk.card(alice)).as("nothing forgotten by a processing that failed")
                    .isEqualTo("card for Rex");
            assertThat(clerk.forgotten(alice)).isZero();
            assertThat(clerk.position("School")).isEqualTo(2);

            clerk.failing = false;
            clerk.pullAndProcess("School");
            assertThat(clerk.card(alice)).isNull();
            assertThat(clerk.card(bob)).isEqualTo("card for Fido");
            assertThat(clerk.forgotten(alice)).isEqualTo(1);
            assertThat(clerk.position("School")).isEqualTo(3);
        }
    }

    @Test
    void a_policy_that_forgets_the_reserved_subject_fails_naming_it_and_the_notification() {
        try (School school = new School(KEYED); Clerk clerk = new Clerk()) {
            UUID alice = UUID.randomUUID();
            school.save(new Dog(alice, "Alice", "Rex"));
            school.forget(alice);
            clerk.follow(school);
            clerk.instead = new UUID(0, 0);

            assertThatThrownBy(() -> clerk.pullAndProcess("School")).isInstanceOf(ProcessingException.class)
                    .hasMessageContaining("notification 2 of School")
                    .hasMessageContaining("Subject 00000000-0000-0000-0000-000000000000 is reserved");
            assertThat(clerk.position("School")).isEqualTo(1);
        }
    }

    @Test
    void a_subject_a_batch_forgets_is_forgotten_in_what_the_same_batch_stores_of_it() {
        try (School school = new School(KEYED); Clerk clerk = new Clerk()) {
            UUID alice = UUID.randomUUID();
            school.save(new Dog(alice, "Alice", "Rex"));
            school.forget(alice);
            clerk.follow(school);

            assertThat(clerk.pullAndProcess("School")).as("one batch: the card written, then its owner forgotten")
                    .isEqualTo(2);

            assertThat(clerk.card(alice)).isNull();
            assertThat(clerk.forgotten(alice)).isEqualTo(1);
            school.save(new Dog(alice, "Alice", "Max"));
            clerk.pullAndProcess("School");
            assertThat(clerk.card(alice)).as("saved after the forget, with a new key").isEqualTo("card for Max");
        }
    }

    @Test
    void a_projection_deletes_what_it_derived_and_one_rebuilt_from_the_log_holds_nothing_of_the_subject() {
        try (School school = new School(KEYED); Owners owners = new Owners()) {
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            school.save(new Dog(alice, "Alice", "Rex"), new Dog(bob, "Bob", "Fido"));
            owners.follow(school);
            owners.pullAndProcess("School");
            assertThat(owners.names).containsOnly(Map.entry(alice, "Alice"), Map.entry(bob, "Bob"));

            school.forget(alice);
            owners.pullAndProcess("School");

            assertThat(owners.names).containsOnly(Map.entry(bob, "Bob"));
            try (Owners rebuilt = new Owners()) {
                rebuilt.follow(school);
                rebuilt.pullAndProcess("School");
                assertThat(rebuilt.names).containsOnly(Map.entry(bob, "Bob"));
                assertThat(rebuilt.seen).containsExactly(null, "Bob");
            }
            assertThat(school.notificationLog().select(1, 10)).hasSize(3);
        }
    }

    @Test
    void a_snapshot_of_an_aggregate_with_personal_data_is_sealed_whole_and_unreadable_once_a_subject_is_forgotten() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        Mapper mapper = Mapper.create(Settings.of(KEY_ONLY)).withDataKeys(recorder);
        EventStore store = new EventStore(mapper, recorder);
        UUID alice = UUID.randomUUID();
        Dog rex = new Dog(alice, "Alice", "Rex");
        rex.note("bites");
        store.put(rex.collectEvents());

        StoredEvent snapshot = mapper.toStoredSnapshot(rex);
        Dog copy = (Dog) mapper.toAggregate(snapshot);

        assertThat(new String(snapshot.state(), StandardCharsets.UTF_8)).doesNotContain("Alice", "bites", "Rex")
                .contains(alice.toString(), rex.id().toString());
        assertThat(copy.ownerName).isEqualTo("Alice");
        assertThat(copy.note).isEqualTo("bites");
        assertThat(copy.dogName).isEqualTo("Rex");
        assertThat(mapper.toStoredSnapshot(copy).state()).as("a snapshot of it has the same subjects")
                .startsWith("{\"subjects\":[".getBytes(StandardCharsets.US_ASCII));
        byte[] changed = snapshot.state().clone();
        changed[changed.length - 5] ^= 1;
        assertThatThrownBy(() -> mapper.toAggregate(new StoredEvent(rex.id(), 2, snapshot.topic(), changed)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("snapshot of aggregate " + rex.id());

        store.forget(List.of(alice), List.of());

        assertThat(mapper.toAggregate(snapshot)).as("unreadable: its subjects' keys are all needed").isNull();
        assertThatThrownBy(() -> mapper.toStoredSnapshot(rex))
                .as("an instance read before forgetting still holds the personal data")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subject " + alice + ", which is forgotten");
        Dog rebuilt = (Dog) mapper.toAggregate(mapper.toStoredSnapshot(rebuild(store, rex.id())));
        assertThat(rebuilt.ownerName).isNull();
        assertThat(rebuilt.note).isEqualTo("bites");

        store.forget(List.of(rex.id()), List.of());

        StoredEvent plain = mapper.toStoredSnapshot(rebuild(store, rex.id()));
        assertThat(new String(plain.state(), StandardCharsets.UTF_8)).as("no personal data left: not sealed")
                .contains("\"dogName\":\"Rex\"", "\"note\":\"(forgotten)\"");
    }

    @Test
    void the_repository_starts_from_a_sealed_snapshot_and_from_the_events_once_its_subject_is_forgotten() {
        try (School school = new School(Map.of(Settings.CIPHER_KEY, KEY, Settings.SNAPSHOTTING, "true"))) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            rex.move(alice, new Dog.Address("Carroll Street 1", "Oxford"));
            school.save(rex);
            school.takeSnapshot(rex.id());
            rex.note("bites");
            school.save(rex);

            Dog fromSnapshot = school.repository().get(rex.id());
            assertThat(fromSnapshot.applied).as("the event after the snapshot").isEqualTo(1);
            assertThat(fromSnapshot.ownerName).isEqualTo("Alice");
            assertThat(fromSnapshot.address).isEqualTo(new Dog.Address("Carroll Street 1", "Oxford"));

            school.forget(alice);

            Dog fromEvents = school.repository().get(rex.id());
            assertThat(fromEvents.applied).as("every event: the snapshot is unreadable").isEqualTo(3);
            assertThat(fromEvents.ownerName).isNull();
            assertThat(fromEvents.address).isNull();
            assertThat(fromEvents.note).isEqualTo("bites");
            assertThat(school.repository().<Dog>get(rex.id(), 2).applied).isEqualTo(2);
        }
    }

    private static Dog rebuild(EventStore store, UUID id) {
        return (Dog) AggregateType.rebuild(Dog.class, store.get(id));
    }

    @Test
    void misplaced_annotations_are_refused_naming_the_class_and_component() {
        Mapper mapper = Mapper.create(Settings.of(KEYED)).withDataKeys(new InMemoryRecorder());
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> mapper.toStoredEvents(List.of(event(id, new Primitive(3)))))
                .hasMessageContaining(Primitive.class.getName() + ".age is a int: make it a Integer");
        assertThatThrownBy(() -> mapper.toStoredEvents(List.of(event(id, new TwoSubjects(id, id, "x")))))
                .hasMessageContaining(TwoSubjects.class.getName() + " has two @DataSubject components, one and two");
        assertThatThrownBy(() -> mapper.toStoredEvents(List.of(event(id, new StringSubject("x", "y")))))
                .hasMessageContaining("@DataSubject component " + StringSubject.class.getName() + ".who must be a UUID");
        assertThatThrownBy(() -> mapper.toStoredEvents(List.of(event(id, new ReplacedNumber(3)))))
                .hasMessageContaining(ReplacedNumber.class.getName() + ".age must be a String");
        assertThatThrownBy(() -> mapper.toStoredEvents(List.of(event(id, new Hidden("x")))))
                .hasMessageContaining("@PersonalData component " + Hidden.class.getName() + ".name is @JsonbTransient");
        assertThatThrownBy(() -> mapper.toStoredEvents(List.of(event(id, new Reserved("x", "y")))))
                .hasMessageContaining(Reserved.class.getName() + ".$subject is named $subject, which a record with"
                        + " @PersonalData cannot use");
        assertThatThrownBy(() -> mapper.toStoredEvents(List.of(event(id, new Team(Map.of())))))
                .hasMessageContaining(Person.class.getName() + ".name is marked in a record that event "
                        + Team.class.getName() + " holds");
    }

    @Test
    void the_second_of_two_saves_that_create_a_key_for_one_subject_is_refused_and_its_retry_uses_the_first_key() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        EventStore first = new EventStore(Mapper.create(Settings.of(KEYED)).withDataKeys(recorder), recorder);
        Mapper second = Mapper.create(Settings.of(KEYED)).withDataKeys(recorder);
        UUID alice = UUID.randomUUID();
        Dog rex = new Dog(alice, "Alice", "Rex");
        Dog fido = new Dog(alice, "Alice A.", "Fido");
        MappedEvents late = second.toStoredEvents(fido.collectEvents());
        first.put(rex.collectEvents());

        assertThatThrownBy(() -> recorder.insertEvents(late.events(), List.of(), late.newKeys(), List.of()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("data key for subject " + alice);
        assertThat(recorder.selectEvents(fido.id())).isEmpty();

        new EventStore(second, recorder).put(new Dog(alice, "Alice A.", "Fido").collectEvents());
        assertThat(recorder.maxNotificationId()).isEqualTo(2);
        assertThat(recorder.selectNotifications(1, 10)).extracting(n -> first.mapper().toDomainEvent(n.storedEvent())
                .payload()).extracting(p -> ((Dog.Registered) p).ownerName()).containsExactly("Alice", "Alice A.");
    }

    @Test
    void the_reserved_names_are_plain_below_the_event_and_a_value_stored_before_it_was_personal_reads_as_stored() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        Mapper mapper = Mapper.create(Settings.of(KEY_ONLY)).withDataKeys(recorder);
        EventStore store = new EventStore(mapper, recorder);
        UUID id = UUID.randomUUID();
        Tagged tagged = new Tagged("Alice", Map.of("$personal", "not sealed"));
        store.put(List.of(event(id, tagged)));
        StoredEvent stored = recorder.selectEvents(id).get(0);
        String json = new String(stored.state(), StandardCharsets.UTF_8);
        StoredEvent older = new StoredEvent(id, 1, stored.topic(), json.replaceFirst(",\"\\$personal\":\"[^\"]*\"",
                ",\"name\":\"Alice (stored plain)\"").getBytes(StandardCharsets.UTF_8));

        assertThat(mapper.toDomainEvent(stored).payload()).isEqualTo(tagged);
        assertThat(json).contains("\"tags\":{\"$personal\":\"not sealed\"}").doesNotContain("Alice");
        assertThat(mapper.toDomainEvent(older).payload())
                .isEqualTo(new Tagged("Alice (stored plain)", Map.of("$personal", "not sealed")));
    }

    @Test
    void a_recorder_that_keeps_no_data_keys_can_neither_store_nor_forget_personal_data() {
        InMemoryRecorder events = new InMemoryRecorder();
        AggregateRecorder keyless = new AggregateRecorder() {
            @Override
            public void insertEvents(List<StoredEvent> stored) {
                events.insertEvents(stored);
            }

            @Override
            public List<StoredEvent> selectEvents(UUID originatorId, EventRange range) {
                return events.selectEvents(originatorId, range);
            }
        };
        EventStore store = new EventStore(Mapper.create(Settings.of(KEYED)).withDataKeys(events), keyless);

        assertThatThrownBy(() -> store.put(new Dog(UUID.randomUUID(), "Alice", "Rex").collectEvents()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("it keeps no data keys");
        assertThatThrownBy(() -> store.forget(List.of(UUID.randomUUID()), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot store or forget personal data with");
        assertThatThrownBy(() -> new EventStore(Mapper.create(Settings.of(KEYED)), events)
                .put(new Dog(UUID.randomUUID(), "Alice", "Rex").collectEvents()))
                .as("a mapper not given the recorder's data keys")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Dog.Registered.class.getName() + " has @PersonalData components, and this"
                        + " application's persistence keeps no data keys");
        assertThat(events.maxNotificationId()).isZero();
    }

    @Test
    void one_event_alone_is_mapped_unless_its_subject_needs_a_new_key() {
        Mapper mapper = Mapper.create(Settings.of(KEYED)).withDataKeys(new InMemoryRecorder());
        Dog rex = new Dog(UUID.randomUUID(), "Alice", "Rex");

        assertThatThrownBy(() -> mapper.toStoredEvent(rex.collectEvents().get(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 1 of aggregate " + rex.id() + " needs a new data key");
    }

    @Test
    void under_state_encryption_personal_data_is_sealed_before_the_json_of_the_plain_fields_and_forgotten_too() {
        try (School school = new School(KEYED)) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice Liddell", "Rex");
            rex.note("bites the postman");
            rex.move(alice, new Dog.Address("Carroll Street 1", "Oxford"));
            school.save(rex);

            List<Notification> log = school.notificationLog().select(1, 100);
            assertThat(log).hasSize(3);
            byte[] registered = decrypted(log.get(0).storedEvent());
            byte[] noted = decrypted(log.get(1).storedEvent());
            byte[] moved = decrypted(log.get(2).storedEvent());
            for (byte[] state : List.of(registered, noted, moved)) {
                assertThat(state[0]).as("the marker of personal data sealed before the JSON").isZero();
                assertThat(new String(state, StandardCharsets.ISO_8859_1))
                        .doesNotContain("Alice", "postman", "Carroll", "Oxford", "$personal", "$subject",
                                "ownerName", "\"note\"", "address");
            }
            assertThat(uuidAt(registered, 1)).as("the event's aggregate").isEqualTo(rex.id());
            assertThat(ByteBuffer.wrap(registered, 17, 4).getInt()).as("and version").isEqualTo(1);
            assertThat(ByteBuffer.wrap(moved, 17, 4).getInt()).isEqualTo(3);
            assertThat(registered[21]).as("a subject other than the aggregate follows").isEqualTo((byte) 1);
            assertThat(uuidAt(registered, 22)).isEqualTo(alice);
            assertThat(moved[21]).isEqualTo((byte) 1);
            assertThat(uuidAt(moved, 22)).isEqualTo(alice);
            assertThat(noted[21]).as("the aggregate is the subject").isZero();
            assertThat(sealedLength(registered)).as("key id, nonce and AES-CTR ciphertext, no tag")
                    .isEqualTo(20 + "{\"ownerName\":\"Alice Liddell\"}".length());
            assertThat(sealedLength(noted)).isEqualTo(20 + "{\"note\":\"bites the postman\"}".length());
            assertThat(json(registered)).startsWith("{\"timestamp\":\"").endsWith("}}")
                    .contains("\"payload\":{", "\"dogName\":\"Rex\"", "\"ownerId\":\"" + alice + "\"");
            assertThat(json(noted)).endsWith("\"payload\":{}}");
            assertThat(json(moved)).endsWith("\"payload\":{\"ownerId\":\"" + alice + "\"}}");
            assertThat(Json.createReader(new java.io.StringReader(json(registered))).readObject()
                    .getJsonObject("payload")).containsOnlyKeys("ownerId", "dogName");

            Dog copy = school.repository().get(rex.id());
            assertThat(copy.ownerName).isEqualTo("Alice Liddell");
            assertThat(copy.dogName).isEqualTo("Rex");
            assertThat(copy.note).isEqualTo("bites the postman");
            assertThat(copy.address).isEqualTo(new Dog.Address("Carroll Street 1", "Oxford"));

            school.forget(alice);
            Dog half = school.repository().get(rex.id());
            assertThat(half.ownerName).isNull();
            assertThat(half.address).isNull();
            assertThat(half.note).as("its subject is the dog").isEqualTo("bites the postman");
            school.forget(rex.id());

            Dog forgotten = school.repository().get(rex.id());
            assertThat(forgotten.ownerName).isNull();
            assertThat(forgotten.address).isNull();
            assertThat(forgotten.note).as("the replacement the component names").isEqualTo("(forgotten)");
            assertThat(forgotten.dogName).isEqualTo("Rex");
            assertThat(forgotten.version()).isEqualTo(3);
            assertThat(school.notificationLog().select(1, 100))
                    .extracting(n -> school.eventStore().mapper().toDomainEvent(n.storedEvent()).payload())
                    .containsExactly(new Dog.Registered(alice, null, "Rex"), new Dog.Noted("(forgotten)"),
                            new Dog.Moved(alice, null), new SubjectForgotten(alice),
                            new SubjectForgotten(rex.id()));
        }
    }

    @Test
    void under_state_encryption_each_event_is_sealed_with_a_new_nonce_and_an_event_without_personal_values_is_not() {
        try (School school = new School(KEYED)) {
            UUID alice = UUID.randomUUID();
            Dog rex = new Dog(alice, "Alice", "Rex");
            rex.note("bites");
            rex.note("bites");
            rex.note(null);
            school.save(rex);

            List<Notification> log = school.notificationLog().select(1, 100);
            byte[] first = decrypted(log.get(1).storedEvent());
            byte[] second = decrypted(log.get(2).storedEvent());
            byte[] none = decrypted(log.get(3).storedEvent());

            assertThat(sealed(first)).hasSameSizeAs(sealed(second));
            assertThat(Arrays.copyOfRange(sealed(first), 0, 8)).as("the same data key")
                    .isEqualTo(Arrays.copyOfRange(sealed(second), 0, 8));
            assertThat(Arrays.copyOfRange(sealed(first), 8, 20)).as("nonces")
                    .isNotEqualTo(Arrays.copyOfRange(sealed(second), 8, 20));
            assertThat(Arrays.copyOfRange(sealed(first), 20, sealed(first).length))
                    .isNotEqualTo(Arrays.copyOfRange(sealed(second), 20, sealed(second).length));
            assertThat(new String(none, StandardCharsets.UTF_8)).as("nothing to seal: plain JSON")
                    .startsWith("{\"timestamp\":").endsWith("\"payload\":{}}");
            assertThat(school.repository().<Dog>get(rex.id()).note).isNull();
            assertThat(school.repository().<Dog>get(rex.id(), 3).note).isEqualTo("bites");
        }
    }

    @Test
    void a_state_with_personal_data_sealed_before_its_json_is_refused_where_states_are_not_decrypted_whole() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        Mapper writer = Mapper.create(Settings.of(KEYED)).withDataKeys(recorder);
        new EventStore(writer, recorder).put(new Dog(UUID.randomUUID(), "Alice", "Rex").collectEvents());
        StoredEvent stored = recorder.selectNotifications(1, 1).get(0).storedEvent();
        UUID rex = stored.originatorId();
        StoredEvent plain = new StoredEvent(rex, 1, stored.topic(), decrypted(stored));
        assertThat(plain.state()[0]).isZero();

        for (Mapper reader : List.of(Mapper.create(Settings.of(KEY_ONLY)).withDataKeys(recorder),
                Mapper.create(Settings.of(Map.of())).withDataKeys(recorder))) {
            assertThatThrownBy(() -> reader.toDomainEvent(plain))
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining("aggregate " + rex)
                    .hasMessageContaining(Settings.CIPHER_ENCRYPT_STATES)
                    .hasMessageNotContaining("Alice")
                    .satisfies(e -> assertThat(((DecryptionException) e).originatorId()).isEqualTo(rex));
            assertThatThrownBy(() -> reader.toDomainEvents(List.of(plain)))
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining(Settings.CIPHER_ENCRYPT_STATES);
        }
        InMemoryRecorder other = new InMemoryRecorder();
        other.insertEvents(List.of(plain));
        EventStore store = new EventStore(Mapper.create(Settings.of(KEY_ONLY)).withDataKeys(recorder), other);
        assertThatThrownBy(() -> store.get(rex))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("aggregate " + rex)
                .hasMessageContaining(Settings.CIPHER_ENCRYPT_STATES);
        assertThat(((Dog.Registered) writer.toDomainEvent(stored).payload()).ownerName())
                .as("read where it was written").isEqualTo("Alice");
    }

    @Test
    void personal_data_sealed_in_the_json_before_states_were_encrypted_whole_still_reads_once_they_are() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        Mapper before = Mapper.create(Settings.of(KEY_ONLY)).withDataKeys(recorder);
        UUID alice = UUID.randomUUID();
        Dog rex = new Dog(alice, "Alice", "Rex");
        rex.note("bites");
        rex.move(alice, new Dog.Address("Carroll Street 1", "Oxford"));
        new EventStore(before, recorder).put(rex.collectEvents());
        AesGcmCodec cipher = new AesGcmCodec(List.of(MASTER_KEY));
        List<StoredEvent> encrypted = new ArrayList<>();
        for (StoredEvent e : recorder.selectEvents(rex.id())) {
            assertThat(new String(e.state(), StandardCharsets.UTF_8)).contains("\"$personal\":\"")
                    .doesNotContain("Alice");
            encrypted.add(new StoredEvent(e.originatorId(), e.originatorVersion(), e.topic(),
                    cipher.encode(e.state())));
        }
        Mapper after = Mapper.create(Settings.of(KEYED)).withDataKeys(recorder);

        assertThat(encrypted).extracting(e -> after.toDomainEvent(e).payload()).containsExactly(
                new Dog.Registered(alice, "Alice", "Rex"), new Dog.Noted("bites"),
                new Dog.Moved(alice, new Dog.Address("Carroll Street 1", "Oxford")));
        assertThat(after.toDomainEvents(encrypted)).hasSize(3);
        InMemoryRecorder migrated = new InMemoryRecorder();
        migrated.insertEvents(encrypted);
        Dog copy = (Dog) AggregateType.rebuild(Dog.class, new EventStore(after, migrated).get(rex.id()));
        assertThat(copy.ownerName).isEqualTo("Alice");
        assertThat(copy.note).isEqualTo("bites");

        new EventStore(after, recorder).forget(List.of(alice), List.of());

        assertThat(encrypted).extracting(e -> after.toDomainEvent(e).payload()).containsExactly(
                new Dog.Registered(alice, null, "Rex"), new Dog.Noted("bites"), new Dog.Moved(alice, null));
    }

    @Test
    void a_state_cut_short_in_its_sealed_personal_data_is_refused_naming_the_aggregate() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        Mapper mapper = Mapper.create(Settings.of(KEYED)).withDataKeys(recorder);
        new EventStore(mapper, recorder).put(new Dog(UUID.randomUUID(), "Alice", "Rex").collectEvents());
        StoredEvent stored = recorder.selectNotifications(1, 1).get(0).storedEvent();
        byte[] whole = decrypted(stored);
        AesGcmCodec cipher = new AesGcmCodec(List.of(MASTER_KEY));
        List<byte[]> cuts = List.of(
                new byte[] {0},
                new byte[] {0, 0, 0},
                new byte[] {0, 1, 1, 2, 3, 4, 5},
                new byte[] {0, 0, 0, 0, 0, 100, 1, 2, 3},
                new byte[] {0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, '{', '}'},
                Arrays.copyOf(whole, 22 + 16 + 4 + 10),
                Arrays.copyOf(whole, 22 + 10),
                Arrays.copyOf(whole, 21));

        for (byte[] cut : cuts) {
            StoredEvent shortened = new StoredEvent(stored.originatorId(), 1, stored.topic(), cipher.encode(cut));
            assertThatThrownBy(() -> mapper.toDomainEvent(shortened)).as("%d bytes", cut.length)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("aggregate " + stored.originatorId())
                    .hasMessageContaining("cut short");
        }
        StoredEvent noJson = new StoredEvent(stored.originatorId(), 1, stored.topic(),
                cipher.encode(Arrays.copyOf(whole, lengthAt(whole) + 4 + sealedLength(whole))));
        assertThatThrownBy(() -> mapper.toDomainEvent(noJson)).as("the sealed data whole, and no JSON")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aggregate " + stored.originatorId());
    }

    @Test
    void under_state_encryption_a_state_moved_to_another_event_is_refused_naming_both() {
        InMemoryRecorder recorder = new InMemoryRecorder();
        Mapper mapper = Mapper.create(Settings.of(KEYED)).withDataKeys(recorder);
        Dog rex = new Dog(UUID.randomUUID(), "Alice", "Rex");
        rex.note("bites");
        new EventStore(mapper, recorder).put(rex.collectEvents());
        StoredEvent noted = recorder.selectNotifications(2, 1).get(0).storedEvent();
        UUID other = UUID.randomUUID();

        for (StoredEvent moved : List.of(new StoredEvent(rex.id(), 5, noted.topic(), noted.state()),
                new StoredEvent(other, 2, noted.topic(), noted.state()))) {
            assertThatThrownBy(() -> mapper.toDomainEvent(moved)).as("as version %d of %s",
                            moved.originatorVersion(), moved.originatorId())
                    .isInstanceOf(DecryptionException.class)
                    .hasMessageContaining("aggregate " + moved.originatorId())
                    .hasMessageContaining("version 2 of aggregate " + rex.id())
                    .hasMessageContaining("moved from another event");
        }
        assertThat(((Dog.Noted) mapper.toDomainEvent(noted).payload()).note()).isEqualTo("bites");
    }

    /** A stored state decrypted with the master key, as {@code encrypt-states=true} encrypted it. */
    private static byte[] decrypted(StoredEvent stored) {
        return new AesGcmCodec(List.of(MASTER_KEY)).decode(stored.state());
    }

    private static UUID uuidAt(byte[] state, int at) {
        ByteBuffer in = ByteBuffer.wrap(state, at, 16);
        return new UUID(in.getLong(), in.getLong());
    }

    /**
     * Where the length of the sealed personal data is in a state that starts with 0: after the aggregate id, version,
     * the subject's flag and the subject if any.
     */
    private static int lengthAt(byte[] state) {
        return 22 + (state[21] == 1 ? 16 : 0);
    }

    private static int sealedLength(byte[] state) {
        return ByteBuffer.wrap(state, lengthAt(state), 4).getInt();
    }

    /** The key id, nonce and AES-CTR ciphertext sealed before the JSON. */
    private static byte[] sealed(byte[] state) {
        int from = lengthAt(state) + 4;
        return Arrays.copyOfRange(state, from, from + sealedLength(state));
    }

    /** The JSON after the sealed personal data. */
    private static String json(byte[] state) {
        int from = lengthAt(state) + 4 + sealedLength(state);
        return new String(state, from, state.length - from, StandardCharsets.UTF_8);
    }

    private static DomainEvent event(UUID id, Record payload) {
        return new DomainEvent(id, 1, java.time.Instant.now(), null, payload);
    }

    /** Every stored state of the application, as text. */
    private static String storedText(Application app) {
        StringBuilder text = new StringBuilder();
        for (Notification n : app.notificationLog().select(1, 100)) {
            text.append(new String(n.state(), StandardCharsets.UTF_8)).append('\n');
        }
        return text.toString();
    }

    /** The data keys of an in-memory recorder, for tests to count or change them. */
    private static class Keys implements DataKeyRecorder {
        private final InMemoryRecorder recorder;

        Keys(InMemoryRecorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public Optional<byte[]> selectDataKey(UUID subjectId) {
            return recorder.selectDataKey(subjectId);
        }

        @Override
        public List<DataKey> selectDataKeys(UUID after, int limit) {
            return recorder.selectDataKeys(after, limit);
        }

        @Override
        public int rewrapDataKeys(List<Rewrapped> keys) {
            return recorder.rewrapDataKeys(keys);
        }

        @Override
        public void insertEvents(List<StoredEvent> events, List<Tracking> tracking, List<DataKey> newKeys,
                                 List<UUID> forgotten) {
            recorder.insertEvents(events, tracking, newKeys, forgotten);
        }
    }
}
