package io.eventsourcing.bench.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.bench.axon.AxonDog;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.serialization.json.JacksonSerializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

/**
 * Axon Framework 4.13 on PostgreSQL: {@link JdbcEventStorageEngine} over its own schema
 * ({@link PostgresEventTableFactory}: {@code domainevententry} with a {@code bigserial} global index, unique
 * (aggregate, sequence) and event id), {@code JacksonSerializer} for payload and metadata, an
 * {@link EmbeddedEventStore} and an {@link EventSourcingRepository} of {@link AxonDog}. Each save is a
 * {@link DefaultUnitOfWork}: its commit appends the events as a JDBC batch on the unit of work's connection and
 * then commits that connection ({@link UnitOfWorkAwareConnectionProviderWrapper}), which is one transaction per
 * save as with Spring's DataSource transaction manager. Like the floor, Axon gives no ordering guarantee at write
 * time (its readers use gap-aware tokens instead). Not run under JTA here.
 */
final class AxonVariant implements Writer.Variant {

    @Override
    public String name() {
        return "axon";
    }

    @Override
    public boolean supportsJta() {
        return false;
    }

    @Override
    public Writer open(Server server, String schema, int poolSize, boolean jta) throws Exception {
        if (jta) {
            throw new UnsupportedOperationException("The Axon variant does not run under JTA");
        }
        Stack axon = Stack.open(server, schema, poolSize, false);
        return new Writer() {
            @Override
            public void save(int events) throws Exception {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                try {
                    newDog(axon.repository(), UUID.randomUUID().toString(), events);
                } catch (Exception | Error e) {
                    unitOfWork.rollback(e);
                    throw e;
                }
                unitOfWork.commit();
            }

            @Override
            public void close() {
                axon.close();
            }
        };
    }

    /** Creates a Dog of {@code events} events (registered, then tricks) in the current unit of work. */
    static void newDog(EventSourcingRepository<AxonDog> repository, String id, int events) throws Exception {
        Aggregate<AxonDog> dog = repository.newInstance(() -> new AxonDog(id, "Fido"));
        if (events > 1) {
            dog.execute(d -> {
                for (int i = 1; i < events; i++) {
                    d.addTrick(Rows.trick(i));
                }
            });
        }
    }

    /**
     * Axon over fresh tables in the schema: the pool, the storage engine, the event store and the repository.
     *
     * @param autoCommit whether the pool's connections autocommit: {@code false} for writes (the unit of work
     *                   commits), {@code true} for reads (each select is its own transaction, no commit round trip)
     */
    record Stack(AgroalDataSource pool, JdbcEventStorageEngine engine, EmbeddedEventStore store,
                 EventSourcingRepository<AxonDog> repository) implements AutoCloseable {

        static Stack open(Server server, String schema, int poolSize, boolean autoCommit) throws Exception {
            server.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            AgroalDataSource pool = server.pool(schema, poolSize, autoCommit, false);
            EventSchema tables = EventSchema.builder().build();
            try (Connection connection = pool.getConnection();
                 PreparedStatement events = PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection,
                         tables);
                 PreparedStatement snapshots = PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(
                         connection, tables)) {
                events.execute();
                snapshots.execute();
                if (!autoCommit) {
                    connection.commit();
                }
            }
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
            JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                    .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                            new DataSourceConnectionProvider(pool)))
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .schema(tables)
                    .build();
            EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
            EventSourcingRepository<AxonDog> repository = EventSourcingRepository.builder(AxonDog.class)
                    .eventStore(store).build();
            return new Stack(pool, engine, store, repository);
        }

        @Override
        public void close() {
            store.shutDown();
            pool.close();
        }
    }
}
