package io.eventsourcing.bench.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.application.Application;
import io.eventsourcing.bench.Dog;
import io.eventsourcing.config.Settings;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12: a read model catching up with a log on PostgreSQL (fsync on), side by side in one run. A leader
 * application holds {@code bench.dogs} (5,000) Dogs of {@code bench.events} (10) events (registered, then tricks):
 * 50,000 notifications. Each variant builds the same view, one row per Dog upserted once per notification
 * ({@link DogTricks#upsert}: {@code INSERT ... ON CONFLICT (id) DO UPDATE SET trick_count = trick_count + n}), from
 * position 0 into fresh tables, and the time until the whole log is processed gives notifications per second:
 * <ul>
 * <li>{@code projection}: {@link DogTricks} ({@code io.eventsourcing.system.Projection}), {@code pullAndProcess}
 * with {@code eventsourcing.batch-size=100}: per page, the log's {@code maxNotificationId}, the page select, then one
 * transaction with the tracking insert and one upsert per notification (its policy's {@code executeUpdate});</li>
 * <li>{@code projection1}: the same with {@code eventsourcing.batch-size=1} (one transaction, one disk flush, per
 * notification), over a smaller leader of {@code bench.small-dogs} (500) Dogs, 5,000 notifications;</li>
 * <li>{@code floor}: plain JDBC doing the same work: the library's page select (the same SQL, topics and bounds),
 * the page's 100 upserts as one JDBC batch, one tracking row, commit; statements prepared once;</li>
 * <li>{@code floor1}: the floor with one {@code executeUpdate} per upsert instead of the batch, as a policy
 * method has to: what the batch is worth;</li>
 * <li>{@code axon}: Axon Framework 4.13's {@code PooledStreamingEventProcessor}, {@code bench.axon-segments} (1)
 * segments, batch size 100, its {@code JdbcTokenStore}, over a {@code JdbcEventStorageEngine} holding the same
 * Dogs (as {@link AxonVariant} saves them, 100 per unit of work); the handler ({@link AxonDogTricks}) runs the same
 * upsert on the connection of the batch's transaction ({@link AxonJdbcTransactions}: Spring's JDBC transaction
 * pattern without Spring), timed from {@code start()} until every segment's token reaches the last event;</li>
 * <li>{@code process}: for reference, {@link FollowerThroughput}'s process application (one transaction per
 * notification, a counter aggregate got and saved), over {@code bench.process-dogs} (30) Dogs of 100 tricks.</li>
 * </ul>
 * First each variant runs once over the small stores ({@code bench.small-dogs}, Axon's too), not counted, to warm
 * the JIT ({@code bench.warmup=false} to skip). Variants run one after the other within a round, in an order rotated
 * each round; every run checks the view it
 * built (dogs and tricks). With {@code bench.statements=true}, each run prints its statements by calls, per
 * notification ({@code pg_stat_statements}).
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests exec:exec@postgres \
 *     -Dbench.main=io.eventsourcing.bench.postgres.ProjectionThroughput
 * </pre>
 */
public final class ProjectionThroughput {

    private ProjectionThroughput() {
    }

    /** One run: notifications processed and nanoseconds taken, and what else to print. */
    private record Run(long notifications, long nanos, String note) {
        double perSecond() {
            return notifications * 1e9 / nanos;
        }
    }

    /** A variant run into fresh tables in the schema; {@code small}: over the small stores (the warm-up). */
    private interface Variant {
        Run run(String schema, boolean small) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        PostgresSideBySide.setProperties(args);
        int dogs = Integer.getInteger("bench.dogs", 5_000);
        int events = Integer.getInteger("bench.events", 10);
        int smallDogs = Integer.getInteger("bench.small-dogs", 500);
        int processDogs = Integer.getInteger("bench.process-dogs", 30);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int batch = Integer.getInteger("bench.batch", 100);
        List<String> names = Arrays.stream(System.getProperty("bench.variants",
                        "projection,projection-rows,projection1,floor,floor1,axon,process").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<Integer> segments = Arrays.stream(System.getProperty("bench.axon-segments", "1").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        boolean statements = Boolean.getBoolean("bench.statements");
        boolean warmup = Boolean.parseBoolean(System.getProperty("bench.warmup", "true"));
        String run = "pt_" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

        try (Server server = Server.start()) {
            System.out.printf("PostgreSQL: %s%n", server.describe());
            System.out.printf("JVM %s, %d cores; %d Dogs x %d events; %d rounds; load average %s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), dogs, events,
                    rounds, PostgresSideBySide.loadAverage());

            long fill = System.nanoTime();
            Application leader = filledLeader(server, run + "_leader", dogs, events);
            Application small = filledLeader(server, run + "_small", smallDogs, events);
            String axonSchema = run + "_axon";
            String axonSmallSchema = run + "_axon_small";
            boolean axon = names.contains("axon");
            long axonLast = axon ? fillAxon(server, axonSchema, dogs, events) : 0;
            long axonSmallLast = axon ? fillAxon(server, axonSmallSchema, smallDogs, events) : 0;
            server.execute("VACUUM (ANALYZE)");
            System.out.printf("Filled in %.1f s (load average %s)%n", (System.nanoTime() - fill) / 1e9,
                    PostgresSideBySide.loadAverage());

            Map<String, Variant> variants = new LinkedHashMap<>();
            for (String name : names) {
                switch (name) {
                    case "projection" -> variants.put("projection", (schema, warm) -> projection(server, schema,
                            warm ? small : leader, batch, warm ? smallDogs : dogs, events, true));
                    case "projection-rows" -> variants.put("projection-rows", (schema, warm) -> projection(server,
                            schema, warm ? small : leader, batch, warm ? smallDogs : dogs, events, false));
                    case "projection1" -> variants.put("projection1",
                            (schema, warm) -> projection(server, schema, small, 1, smallDogs, events, true));
                    case "floor" -> variants.put("floor", (schema, warm) -> floor(server, schema,
                            warm ? small : leader, batch, false, warm ? smallDogs : dogs, events));
                    case "floor1" -> variants.put("floor1", (schema, warm) -> floor(server, schema,
                            warm ? small : leader, batch, true, warm ? smallDogs : dogs, events));
                    case "axon" -> {
                        for (int k : segments) {
                            variants.put(k == 1 ? "axon" : "axon" + k, (schema, warm) -> axon(server, schema,
                                    warm ? axonSmallSchema : axonSchema, warm ? axonSmallLast : axonLast, k, batch,
                                    warm ? smallDogs : dogs, events));
                        }
                    }
                    case "process" -> variants.put("process", (schema, warm) -> {
                        long perSecond = FollowerThroughput.round(server.librarySettings(schema, 5), processDogs,
                                100, 50);
                        return new Run(perSecond, 1_000_000_000L, "");
                    });
                    default -> throw new IllegalArgumentException("Unknown variant " + name + ": expected"
                            + " projection, projection1, floor, floor1, axon or process");
                }
            }

            List<String> order = new ArrayList<>(variants.keySet());
            if (warmup) {
                for (String name : order) {
                    String schema = run + "_" + name.replace('-', '_') + "_warm";
                    Run result = variants.get(name).run(schema, true);
                    server.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    System.out.printf(Locale.ROOT, "   warm-up %-12s %,9.0f notifications/s over the small stores%n",
                            name, result.perSecond());
                }
            }
            Map<String, double[]> results = new LinkedHashMap<>();
            order.forEach(name -> results.put(name, new double[rounds]));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < order.size(); i++) {
                    String name = order.get((i + round) % order.size());
                    String schema = run + "_" + name.replace('-', '_') + "_" + round;
                    server.resetStatements();
                    Run result = variants.get(name).run(schema, false);
                    String calls = statements ? statementCalls(server, result.notifications()) : "";
                    server.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    results.get(name)[round] = result.perSecond();
                    System.out.printf(Locale.ROOT, "   round %d %-12s %,9.0f notifications/s  %s (load average %s)%n",
                            round + 1, name, result.perSecond(), result.note(), PostgresSideBySide.loadAverage());
                    System.out.print(calls);
                }
            }

            System.out.printf("%n== Median notifications/s (load average at end %s)%n",
                    PostgresSideBySide.loadAverage());
            Map<String, Double> medians = new LinkedHashMap<>();
            results.forEach((name, values) -> medians.put(name, median(values)));
            for (Map.Entry<String, double[]> e : results.entrySet()) {
                StringBuilder ratios = new StringBuilder();
                for (String other : List.of("floor", "axon")) {
                    if (medians.containsKey(other) && !other.equals(e.getKey())) {
                        double[] perRound = new double[rounds];
                        for (int r = 0; r < rounds; r++) {
                            perRound[r] = e.getValue()[r] / results.get(other)[r];
                        }
                        ratios.append(String.format(Locale.ROOT, "  /%s = %.2f (per round %.2f)", other,
                                medians.get(e.getKey()) / medians.get(other), median(perRound)));
                    }
                }
                System.out.printf(Locale.ROOT, "%-12s %,9.0f  rounds %s%s%n", e.getKey(), medians.get(e.getKey()),
                        rounds(e.getValue()), ratios);
            }
            leader.close();
            small.close();
        }
        System.exit(0);
    }

    /** A library application over a fresh schema, holding {@code dogs} Dogs saved 100 at a time, numbered. */
    private static Application filledLeader(Server server, String schema, int dogs, int events) {
        Application leader = new Application(server.librarySettings(schema, 3));
        for (int saved = 0; saved < dogs; saved += 100) {
            Dog[] batch = new Dog[Math.min(100, dogs - saved)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = Rows.newDog(events);
            }
            leader.save(batch);
        }
        long last = leader.notificationLog().maxNotificationId();
        if (last != (long) dogs * events) {
            throw new IllegalStateException("The leader's log ends at " + last + ", not " + (long) dogs * events);
        }
        return leader;
    }

    /** Axon's tables in the schema, holding the same Dogs, 100 per unit of work; @return the last global index */
    private static long fillAxon(Server server, String schema, int dogs, int events) throws Exception {
        try (AxonVariant.Stack axon = AxonVariant.Stack.open(server, schema, 2, false)) {
            for (int saved = 0; saved < dogs; saved += 100) {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                try {
                    for (int i = 0; i < Math.min(100, dogs - saved); i++) {
                        AxonVariant.newDog(axon.repository(), UUID.randomUUID().toString(), events);
                    }
                } catch (Exception | Error e) {
                    unitOfWork.rollback(e);
                    throw e;
                }
                unitOfWork.commit();
            }
        }
        try (Connection connection = DriverManager.getConnection(server.url(schema), server.user, server.password);
             Statement select = connection.createStatement();
             ResultSet results = select.executeQuery("SELECT count(*), max(globalIndex) FROM domainevententry")) {
            results.next();
            if (results.getLong(1) != (long) dogs * events) {
                throw new IllegalStateException("Axon holds " + results.getLong(1) + " events");
            }
            return results.getLong(2);
        }
    }

    private static Run projection(Server server, String schema, Application leader, int batch, int dogs, int events,
                                  boolean batched) throws Exception {
        server.execute("CREATE SCHEMA " + schema);
        Map<String, String> settings = server.librarySettings(schema, 2);
        settings.put(Settings.BATCH_SIZE, Integer.toString(batch));
        try (DogTricks view = new DogTricks(settings, schema + ".dog_tricks", batched)) {
            view.follow(leader);
            long start = System.nanoTime();
            int processed = view.pullAndProcess(leader.name());
            long nanos = System.nanoTime() - start;
            check("projection", view.totals(), dogs, events);
            if (processed != dogs * events) {
                throw new IllegalStateException("Processed " + processed + " of " + dogs * events);
            }
            return new Run(processed, nanos, "");
        }
    }

    /**
     * Plain JDBC: the library's page select on an autocommit connection; on another, per page, the upserts (one
     * JDBC batch, or one executeUpdate each), one tracking row, commit. The end is read once, at the start.
     */
    private static Run floor(Server server, String schema, Application leader, int batch, boolean perRow, int dogs,
                             int events) throws Exception {
        String view = schema + ".dog_tricks";
        String tracking = schema + ".tracking";
        server.execute("CREATE SCHEMA " + schema, DogTricks.createTable(view), "CREATE TABLE " + tracking
                + " (application_name text, notification_id bigint, PRIMARY KEY (application_name, notification_id))");
        String log = leader.settings().get("eventsourcing.postgres.schema").orElseThrow() + "."
                + leader.name().toLowerCase(Locale.ROOT) + "_events";
        try (Connection read = DriverManager.getConnection(server.url(null), server.user, server.password);
             Connection write = DriverManager.getConnection(server.url(null), server.user, server.password)) {
            List<String> topicList = new ArrayList<>();
            try (Statement s = read.createStatement();
                 ResultSet r = s.executeQuery("SELECT DISTINCT topic FROM " + log)) {
                while (r.next()) {
                    topicList.add(r.getString(1));
                }
            }
            String registered = topicList.stream().filter(t -> t.contains("Registered")).findFirst().orElseThrow();
            Array topics = read.createArrayOf("text", topicList.toArray(new String[0]));
            write.setAutoCommit(false);
            try (PreparedStatement max = read.prepareStatement("SELECT max(notification_id) FROM " + log);
                 PreparedStatement select = read.prepareStatement("SELECT notification_id, originator_id,"
                         + " originator_version, topic, state FROM " + log + " WHERE notification_id >= ? AND"
                         + " notification_id <= ? AND topic = ANY(?) ORDER BY notification_id LIMIT ?");
                 PreparedStatement upsert = write.prepareStatement(DogTricks.upsert(view));
                 PreparedStatement track = write.prepareStatement("INSERT INTO " + tracking
                         + " (application_name, notification_id) VALUES (?, ?)")) {
                long start = System.nanoTime();
                long last;
                try (ResultSet r = max.executeQuery()) {
                    r.next();
                    last = r.getLong(1);
                }
                long position = 0;
                long processed = 0;
                while (position < last) {
                    select.setLong(1, position + 1);
                    select.setLong(2, last);
                    select.setArray(3, topics);
                    select.setInt(4, batch);
                    List<Row> page = new ArrayList<>(batch);
                    try (ResultSet r = select.executeQuery()) {
                        while (r.next()) {
                            page.add(new Row(r.getLong(1), r.getObject(2, UUID.class), r.getInt(3), r.getString(4),
                                    r.getBytes(5)));
                        }
                    }
                    if (page.isEmpty()) {
                        break;
                    }
                    for (Row row : page) {
                        upsert.setObject(1, row.originatorId());
                        upsert.setInt(2, row.topic().equals(registered) ? 0 : 1);
                        if (perRow) {
                            upsert.executeUpdate();
                        } else {
                            upsert.addBatch();
                        }
                    }
                    if (!perRow) {
                        upsert.executeBatch();
                    }
                    position = page.get(page.size() - 1).id();
                    track.setString(1, leader.name());
                    track.setLong(2, position);
                    track.executeUpdate();
                    write.commit();
                    processed += page.size();
                }
                long nanos = System.nanoTime() - start;
                write.setAutoCommit(true);
                check("floor", DogTricks.totals(write, view), dogs, events);
                return new Run(processed, nanos, "");
            }
        }
    }

    /** A row of the log as the floor reads it (the bytes as the driver returns them). */
    private record Row(long id, UUID originatorId, int originatorVersion, String topic, byte[] state) {
    }

    /**
     * Axon's PooledStreamingEventProcessor from the tail of its event store to its last event: timed from
     * {@code start()} until every segment's token is at the last global index (the note gives the time to the
     * first event handled, which the coordinator's start-up takes).
     */
    private static Run axon(Server server, String schema, String axonSchema, long last, int segments, int batch,
                            int dogs, int events) throws Exception {
        server.execute("CREATE SCHEMA " + schema);
        String view = schema + ".dog_tricks";
        server.execute(DogTricks.createTable(view));
        AgroalDataSource readPool = server.pool(axonSchema, 2, true, false);
        AgroalDataSource txPool = server.pool(schema, segments + 2, true, false);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(readPool))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(EventSchema.builder().build())
                .build();
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        AxonJdbcTransactions transactions = new AxonJdbcTransactions(txPool);
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(transactions.connectionProvider())
                .serializer(serializer)
                .build();
        tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
        AxonDogTricks handler = new AxonDogTricks(transactions.connectionProvider(), view);
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(segments);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name("dogTricks")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler)
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build())
                .errorHandler(PropagatingErrorHandler.instance())
                .messageSource(store)
                .tokenStore(tokens)
                .transactionManager(transactions)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(segments)
                .batchSize(batch)
                .initialToken(StreamableMessageSource::createTailToken)
                .build();
        try {
            long start = System.nanoTime();
            processor.start();
            long deadline = start + TimeUnit.SECONDS.toNanos(300);
            while (true) {
                Map<Integer, EventTrackerStatus> status = processor.processingStatus();
                boolean done = status.size() == segments;
                for (EventTrackerStatus s : status.values()) {
                    if (s.isErrorState()) {
                        throw new IllegalStateException("Axon's processor failed", s.getError());
                    }
                    done &= s.getCurrentPosition().orElse(-1) >= last;
                }
                if (done) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Axon did not reach event " + last + ": " + status);
                }
                Thread.sleep(1);
            }
            long nanos = System.nanoTime() - start;
            long startUp = handler.firstEvent() == 0 ? 0 : handler.firstEvent() - start;
            long[] totals;
            try (Connection connection = txPool.getConnection()) {
                totals = DogTricks.totals(connection, view);
            }
            check("axon", totals, dogs, events);
            return new Run((long) dogs * events, nanos, String.format(Locale.ROOT,
                    "(first event handled after %d ms; %,.0f/s from there)", startUp / 1_000_000,
                    (long) dogs * events * 1e9 / (nanos - startUp)));
        } finally {
            processor.shutDown();
            shutdown(coordinator);
            shutdown(workers);
            store.shutDown();
            readPool.close();
            txPool.close();
        }
    }

    private static void shutdown(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static void check(String variant, long[] totals, int dogs, int events) {
        if (totals[0] != dogs || totals[1] != (long) dogs * (events - 1)) {
            throw new IllegalStateException(variant + " built a view of " + totals[0] + " Dogs and " + totals[1]
                    + " tricks, not " + dogs + " and " + (long) dogs * (events - 1));
        }
    }

    /** @return the statements of the run by calls, per notification, with server time (pg_stat_statements) */
    private static String statementCalls(Server server, long notifications) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(server.url(null), server.user, server.password);
             Statement statement = connection.createStatement();
             ResultSet results = statement.executeQuery("SELECT calls, total_exec_time,"
                     + " left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements"
                     + " WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 8")) {
            while (results.next()) {
                text.append(String.format(Locale.ROOT, "      %8d calls (%6.3f per notification) %7.0f ms  %s%n",
                        results.getLong(1), results.getLong(1) / (double) notifications, results.getDouble(2),
                        results.getString(3)));
            }
        }
        return text.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String rounds(double[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", values[i]));
        }
        return text.append(']').toString();
    }
}
