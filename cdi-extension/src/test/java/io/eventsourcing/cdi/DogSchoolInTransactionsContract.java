package io.eventsourcing.cdi;

import com.arjuna.ats.jta.cdi.TransactionExtension;
import io.eventsourcing.application.NotificationLog;
import jakarta.transaction.Status;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dog school with {@code eventsourcing.persistence=datasource} over the container's DataSource (Agroal with
 * Narayana, produced by {@link TestDataSource}) in Weld SE with Narayana's @Transactional. Each database extends
 * it. Settings are system properties, which MicroProfile Config reads before microprofile-config.properties.
 */
abstract class DogSchoolInTransactionsContract {

    private static final AtomicInteger STORES = new AtomicInteger();

    private final Map<String, String> properties = new HashMap<>();
    private String[] database;
    private WeldContainer container;
    private TransactionalKennel kennel;
    private DogSchool school;
    private StoredEventsObserver observer;

    /** @return the JDBC URL, user (or {@code null}) and password of a database; called once per test */
    protected abstract String[] database();

    @BeforeEach
    final void start() throws SQLException {
        database = database();
        properties.put("test.datasource.url", database[0]);
        if (database[1] != null) {
            properties.put("test.datasource.user", database[1]);
            properties.put("test.datasource.password", database[2]);
        }
        properties.put("eventsourcing.DogSchool.persistence", "datasource");
        int store = STORES.incrementAndGet();
        properties.put("eventsourcing.DogSchool.events-table-name", "dogschool_events_" + store);
        properties.put("eventsourcing.Registrations.persistence", "datasource");
        properties.put("eventsourcing.Registrations.events-table-name", "registrations_events_" + store);
        properties.put("eventsourcing.Registrations.tracking-table-name", "registrations_tracking_" + store);
        properties.put("eventsourcing.DogTable.persistence", "datasource");
        properties.put("eventsourcing.DogTable.tracking-table-name", "dogtable_tracking_" + store);
        properties.forEach(System::setProperty);
        releaseConfig();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS kennel_notes");
            statement.execute("CREATE TABLE kennel_notes (name VARCHAR(100))");
            statement.execute("DROP TABLE IF EXISTS dog_table");
        }
        container = WeldInitiator.createWeld().addExtension(new TransactionExtension())
                .addBeanClasses(TransactionalKennel.class, TestDataSource.class, StoredEventsObserver.class,
                        Registrations.class)
                .initialize();
        kennel = container.select(TransactionalKennel.class).get();
        school = container.select(DogSchool.class).get();
        observer = container.select(StoredEventsObserver.class).get();
    }

    @AfterEach
    final void stop() {
        if (container != null) {
            container.close();
        }
        properties.keySet().forEach(System::clearProperty);
        releaseConfig();
    }

    @Test
    void the_dog_school_stores_and_gets_dogs_in_the_database() {
        UUID dogId = school.registerDog("Fido");
        school.addTrick(dogId, "roll over");

        assertThat(school.getDog(dogId).tricks()).containsExactly("roll over");
        assertThat(school.notificationLog().select(1, 10)).hasSize(2);
    }

    @Test
    void a_transaction_that_rolls_back_stores_neither_the_events_nor_the_users_row() throws SQLException {
        assertThatThrownBy(() -> kennel.registerWithNoteAndFail("Fido")).hasMessage("the kennel is full");

        assertThat(log().maxNotificationId()).isZero();
        assertThat(notes()).isZero();
        assertThat(observer.dogSchool()).isEmpty();
    }

    @Test
    void a_transaction_that_commits_stores_the_events_and_the_users_row_together() throws SQLException {
        UUID dogId = kennel.registerWithNote("Fido");

        assertThat(school.getDog(dogId).name()).isEqualTo("Fido");
        assertThat(log().maxNotificationId()).isEqualTo(1);
        assertThat(notes()).isEqualTo(1);
    }

    @Test
    void the_event_fires_after_commit_once_per_save() {
        int seenBeforeCommit = kennel.registerTwo("Fido", "Rex");

        assertThat(seenBeforeCommit).isZero();
        assertThat(observer.dogSchool()).hasSize(2);
    }

    @Test
    void a_save_outside_a_transaction_commits_on_its_own_and_fires_the_event() {
        school.registerDog("Fido");

        assertThat(log().maxNotificationId()).isEqualTo(1);
        assertThat(observer.dogSchool()).hasSize(1);
    }

    @Test
    void a_follower_processes_what_committed_transactions_saved_and_never_a_rolled_back_save() throws Exception {
        Registrations registrations = container.select(Registrations.class).get();
        kennel.registerWithNote("Fido");
        assertThatThrownBy(() -> kennel.registerWithNoteAndFail("Ghost")).hasMessage("the kennel is full");
        school.registerDog("Rex");

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (registrations.names().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registrations.names()).containsExactly("Fido", "Rex");
        assertThat(registrations.position("DogSchool")).isEqualTo(2);
    }

    @Test
    void a_follower_catches_up_at_start_with_what_was_saved_before() throws Exception {
        school.registerDog("Fido");
        container.close();
        container = null;
        container = WeldInitiator.createWeld().addExtension(new TransactionExtension())
                .addBeanClasses(TestDataSource.class, Registrations.class)
                .initialize();
        // A new container over the same tables: the follower starts at the notification after its last tracked.
        Registrations registrations = container.select(Registrations.class).get();

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (registrations.names().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registrations.names()).containsExactly("Fido");
    }

    /**
     * On the container's threads no transaction is active: the projection's recorder begins one with the container's
     * TransactionManager, which its connection and another of the DataSource join; a failing policy rolls back both
     * writes and the tracking, after the notifications before it committed.
     */
    @Test
    void a_projection_writes_in_a_transaction_it_begins_which_the_datasource_joins() throws Exception {
        container.close();
        container = null;
        container = WeldInitiator.createWeld().addExtension(new TransactionExtension())
                .addBeanClasses(TestDataSource.class, DogTable.class)
                .initialize();
        DogTable table = container.select(DogTable.class).get();
        school = container.select(DogSchool.class).get();

        school.registerDog("Fido");
        school.registerDog("Rex");
        table.waitFor("DogSchool", 2, Duration.ofSeconds(30));
        school.registerDog("Ghost");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (table.ghosts.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(table.ghosts.get()).isPositive();
        assertThat(table.statuses).isNotEmpty().allMatch(status -> status == Status.STATUS_ACTIVE);
        assertThat(table.names()).containsExactly("Fido", "Rex");
        assertThat(notes()).isEqualTo(2);
        assertThat(table.position("DogSchool")).isEqualTo(2);
    }

    /**
     * The followers' threads stop before the container destroys any bean, so that none pulls over a closed pool, and
     * what they stored is numbered before the DataSource closes: a follower polling all the time, while the container
     * shuts down, and the library log no warning.
     */
    @Test
    void the_container_shuts_down_without_a_warning() throws Exception {
        container.close();
        container = null;
        System.setProperty("eventsourcing.poll-interval", "1");
        releaseConfig();
        try {
            container = WeldInitiator.createWeld().addExtension(new TransactionExtension())
                    .addBeanClasses(TestDataSource.class, Registrations.class, DogTable.class)
                    .initialize();
            school = container.select(DogSchool.class).get();
            for (int i = 0; i < 20; i++) {
                school.registerDog("Dog " + i);
            }
            assertThat(warningsWhile(this::shutDown)).isEmpty();
        } finally {
            System.clearProperty("eventsourcing.poll-interval");
            releaseConfig();
        }
    }

    /** @return the dog school of the running container */
    protected final DogSchool school() {
        return school;
    }

    /** Shuts the container down. */
    protected final void shutDown() {
        container.close();
        container = null;
    }

    /** An action that may throw. */
    protected interface Action {
        void run() throws Exception;
    }

    /**
     * @return the warnings (and worse) the library logged while the action ran, as "logger: message", but those that
     *         name tables of other tests (whose containers other test classes of this JVM may have left running)
     */
    protected final List<String> warningsWhile(Action action) throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger library = Logger.getLogger("io.eventsourcing");
        library.addHandler(handler);
        try {
            action.run();
        } finally {
            library.removeHandler(handler);
        }
        Pattern table = Pattern.compile("\\w+_(?:events|snapshots|tracking)_\\d+");
        return warnings.stream().map(record -> record.getLoggerName() + ": " + record.getMessage())
                .filter(warning -> table.matcher(warning).results().allMatch(t -> properties.containsValue(t.group())))
                .toList();
    }

    private NotificationLog log() {
        return container.select(NotificationLog.class, EventSourced.Literal.of(DogSchool.class)).get();
    }

    private long notes() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM kennel_notes")) {
            count.next();
            return count.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return database[1] == null ? DriverManager.getConnection(database[0])
                : DriverManager.getConnection(database[0], database[1], database[2]);
    }

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }
}
