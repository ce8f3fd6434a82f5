package io.eventsourcing.application;

import io.eventsourcing.application.PersonalDataTest.Dog;
import io.eventsourcing.application.PersonalDataTest.School;
import io.eventsourcing.config.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data saved and read by several threads at once, over more subjects than the key cache holds, so that
 * keys are evicted while other threads use them and their ciphers are lent, held, given to the spares and taken for
 * other keys: every read must give each subject's own values, in both stored forms.
 */
class PersonalDataThreadsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final int THREADS = 4;
    private static final int SAVES = 300;
    private static final int OWNERS = 12;

    /** What a dog was saved with. */
    private record Expected(String ownerName, String note) {
    }

    @ParameterizedTest(name = "encrypt-states={0}")
    @ValueSource(booleans = {true, false})
    void threads_read_each_subjects_own_personal_data_while_keys_are_evicted_and_their_ciphers_reused(
            boolean encryptStates) throws Exception {
        Map<String, String> settings = Map.of(Settings.CIPHER_KEY, KEY,
                Settings.CIPHER_ENCRYPT_STATES, Boolean.toString(encryptStates),
                Settings.CIPHER_KEY_CACHE_SIZE, "3");
        UUID[] owners = new UUID[OWNERS];
        for (int i = 0; i < OWNERS; i++) {
            owners[i] = UUID.randomUUID();
        }
        Map<UUID, Expected> saved = new ConcurrentHashMap<>();
        List<UUID> ids = new ArrayList<>();
        try (School school = new School(settings)) {
            // Each owner's key first: two saves that create one subject's key at once would conflict (as tested
            // elsewhere), which is not what this test is about.
            for (int i = 0; i < OWNERS; i++) {
                Dog dog = new Dog(owners[i], "Owner " + i, "First dog " + i);
                dog.note("first note " + i);
                school.save(dog);
                saved.put(dog.id(), new Expected("Owner " + i, "first note " + i));
            }
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> reads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    reads.add(threads.submit(() -> {
                        int checked = 0;
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        List<UUID> mine = new ArrayList<>();
                        for (int n = 0; n < SAVES; n++) {
                            int owner = random.nextInt(OWNERS);
                            Dog dog = new Dog(owners[owner], "Owner " + owner, "Dog " + thread + "-" + n);
                            dog.note("note " + thread + "-" + n);
                            school.save(dog);
                            saved.put(dog.id(), new Expected("Owner " + owner, "note " + thread + "-" + n));
                            mine.add(dog.id());
                            // another thread's dog if there is one, else one of this thread's
                            UUID id = saved.keySet().stream().skip(random.nextInt(saved.size())).findFirst()
                                    .orElse(mine.get(random.nextInt(mine.size())));
                            Dog read = school.repository().get(id);
                            Expected expected = saved.get(id);
                            assertThat(read.ownerName).as("dog %s", id).isEqualTo(expected.ownerName());
                            assertThat(read.note).as("dog %s", id).isEqualTo(expected.note());
                            checked++;
                        }
                        return checked;
                    }));
                }
                int checked = 0;
                for (Future<Integer> read : reads) {
                    checked += read.get(120, TimeUnit.SECONDS);
                }
                assertThat(checked).isEqualTo(THREADS * SAVES);
            } finally {
                threads.shutdownNow();
            }
            ids.addAll(saved.keySet());
            for (UUID id : ids) {
                Dog read = school.repository().get(id);
                assertThat(read.ownerName).isEqualTo(saved.get(id).ownerName());
                assertThat(read.note).isEqualTo(saved.get(id).note());
            }
        }
        assertThat(ids).hasSize(OWNERS + THREADS * SAVES);
    }
}
