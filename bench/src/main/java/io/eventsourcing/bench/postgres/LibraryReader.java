package io.eventsourcing.bench.postgres;

import io.eventsourcing.application.Application;
import io.eventsourcing.bench.Dog;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The library's reads, as users call them, with {@code eventsourcing.persistence=postgres} (its own pool):
 * {@code repository().get(id)} (select, JSON to event records, replay into a {@link Dog}) and
 * {@code notificationLog().select(start, limit)} ({@code Notification}s holding the stored bytes). Filled through
 * {@code Application.save} of {@link Reader#FILL_BATCH} Dogs at a time, so that the rows are numbered by the
 * application's sequencer as in use (the log's reads wait for the numbering of what this process committed).
 */
final class LibraryReader implements Reader.Variant {

    @Override
    public String name() {
        return "library";
    }

    @Override
    public Reader open(Server server, String schema, int poolSize, int aggregates, int events) {
        Application app = new Application(server.librarySettings(schema, poolSize));
        List<UUID> ids = new ArrayList<>(aggregates);
        for (int saved = 0; saved < aggregates; saved += Reader.FILL_BATCH) {
            Dog[] dogs = new Dog[Math.min(Reader.FILL_BATCH, aggregates - saved)];
            for (int i = 0; i < dogs.length; i++) {
                dogs[i] = Rows.newDog(events);
                ids.add(dogs[i].id());
            }
            app.save(dogs);
        }
        return new Reader() {
            @Override
            public List<UUID> ids() {
                return ids;
            }

            @Override
            public int get(UUID id) {
                Dog dog = app.repository().get(id);
                return dog.tricks().size() + 1;
            }

            @Override
            public int page(long start, int limit) {
                return app.notificationLog().select(start, limit).size();
            }

            @Override
            public void close() {
                app.close();
            }
        };
    }
}
