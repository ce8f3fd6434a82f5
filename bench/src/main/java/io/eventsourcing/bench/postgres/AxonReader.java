package io.eventsourcing.bench.postgres;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Axon Framework 4.13's reads over its {@code JdbcEventStorageEngine} ({@link AxonVariant.Stack}), filled with
 * {@link Reader#FILL_BATCH} Dogs per unit of work.
 * <ul>
 * <li>{@code get}: {@code repository.load(id)} in a {@link DefaultUnitOfWork}, as a command handler loads an
 * aggregate: the snapshot table is looked up, the events selected, deserialised by {@code JacksonSerializer} and
 * replayed into an {@code AxonDog}.</li>
 * <li>{@code page}: the storage engine's {@code readEvents(token, false)} from a {@link GapAwareTrackingToken} at
 * {@code start - 1}, as a tracking processor reads, the first {@code limit} messages taken (one batch: the
 * engine's batch size is 100); their payloads are deserialised lazily, so not here: bytes, as in the library's
 * log.</li>
 * </ul>
 * The pool's connections autocommit, so each select is its own transaction, as with the library and the floor,
 * and a load costs no commit round trip.
 */
final class AxonReader implements Reader.Variant {

    @Override
    public String name() {
        return "axon";
    }

    @Override
    public Reader open(Server server, String schema, int poolSize, int aggregates, int events) throws Exception {
        AxonVariant.Stack axon = AxonVariant.Stack.open(server, schema, poolSize, true);
        List<UUID> ids = new ArrayList<>(aggregates);
        for (int saved = 0; saved < aggregates; saved += Reader.FILL_BATCH) {
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            try {
                for (int i = 0; i < Math.min(Reader.FILL_BATCH, aggregates - saved); i++) {
                    UUID id = UUID.randomUUID();
                    AxonVariant.newDog(axon.repository(), id.toString(), events);
                    ids.add(id);
                }
            } catch (Exception | Error e) {
                unitOfWork.rollback(e);
                axon.close();
                throw e;
            }
            unitOfWork.commit();
        }
        return new Reader() {
            @Override
            public List<UUID> ids() {
                return ids;
            }

            @Override
            public int get(UUID id) {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                int loaded;
                try {
                    loaded = axon.repository().load(id.toString()).invoke(dog -> dog.tricks().size() + 1);
                } catch (RuntimeException | Error e) {
                    unitOfWork.rollback(e);
                    throw e;
                }
                unitOfWork.commit();
                return loaded;
            }

            @Override
            public int page(long start, int limit) {
                try (Stream<? extends TrackedEventMessage<?>> messages = axon.engine()
                        .readEvents(GapAwareTrackingToken.newInstance(start - 1, Set.of()), false)) {
                    return messages.limit(limit).toList().size();
                }
            }

            @Override
            public void close() {
                axon.close();
            }
        };
    }
}
