package io.eventsourcing.postgres;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.EventRange;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.StoredEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A writer process of {@link PostgresProcessesIT}, run in a JVM of its own: its threads save new aggregates of ten
 * events (the first large, the others small, so that a save's rows often spill from one page onto another) and
 * append two versions at a time to aggregates that every writer shares (reading the last version, again on a
 * conflict), until its standard input ends; then it closes its recorder and exits 0, or 1 on any other error.
 *
 * <p>Arguments: the number of threads, the number of shared aggregates, then the settings as {@code key=value}.
 */
public final class ProcessWriter {

    static final int EVENTS_PER_SAVE = 10;
    private static volatile boolean stopping;

    private ProcessWriter() {
    }

    /** @return the id of shared aggregate {@code i}, the same in every process */
    static UUID shared(int i) {
        return UUID.nameUUIDFromBytes(("shared-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int shared = Integer.parseInt(args[1]);
        Map<String, String> settings = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(Settings.of(settings));
        ApplicationRecorder recorder = factory.applicationRecorder();
        List<Throwable> errors = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                try {
                    while (!stopping) {
                        recorder.insertEvents(newAggregate());
                        append(recorder, shared(ThreadLocalRandom.current().nextInt(shared)));
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "writer-" + t);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
        System.out.println("writing");
        System.out.flush();
        while (System.in.read() != -1) {
            // until the test closes our standard input
        }
        stopping = true;
        for (Thread writer : writers) {
            writer.join(30_000);
        }
        factory.close();
        synchronized (errors) {
            for (Throwable e : errors) {
                e.printStackTrace();
            }
            System.exit(errors.isEmpty() ? 0 : 1);
        }
    }

    private static List<StoredEvent> newAggregate() {
        UUID id = UUID.randomUUID();
        List<StoredEvent> events = new ArrayList<>(EVENTS_PER_SAVE);
        for (int version = 1; version <= EVENTS_PER_SAVE; version++) {
            events.add(new StoredEvent(id, version, "test.Happened", state(version == 1 ? 1_900 : 300)));
        }
        return events;
    }

    private static void append(ApplicationRecorder recorder, UUID id) {
        while (true) {
            List<StoredEvent> last = recorder.selectEvents(id, EventRange.ALL.descendingOrder().limit(1));
            int version = last.isEmpty() ? 0 : last.get(0).originatorVersion();
            try {
                recorder.insertEvents(List.of(new StoredEvent(id, version + 1, "test.Appended", state(200)),
                        new StoredEvent(id, version + 2, "test.Appended", state(200))));
                return;
            } catch (IntegrityException e) {
                // another writer appended first: read again
            }
        }
    }

    /** Random bytes, which the server cannot compress: the rows take the room they say. */
    private static byte[] state(int size) {
        byte[] state = new byte[size];
        ThreadLocalRandom.current().nextBytes(state);
        return state;
    }
}
