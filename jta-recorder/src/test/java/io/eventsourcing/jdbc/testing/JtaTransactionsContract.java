package io.eventsourcing.jdbc.testing;

import io.eventsourcing.application.internal.ApplicationAccess;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.persistence.ApplicationRecorder;
import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.Notification;
import io.eventsourcing.persistence.ProjectionRecorder;
import io.eventsourcing.persistence.StoredEvent;
import io.eventsourcing.persistence.Tracking;
import io.eventsourcing.persistence.tck.Universe;
import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;

import static io.eventsourcing.jdbc.testing.TestJta.TM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Saves that join a Narayana transaction commit and roll back with the application's own JDBC writes to a user
 * table, and what runs after a save's commit runs after the transaction's, never for a rollback. Each database's
 * test extends this with an enlisting DataSource; the user table may live behind another one
 * ({@link #userDataSource()}), which makes the transaction a two-phase commit of two resources.
 */
public abstract class JtaTransactionsContract {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private JdbcInfrastructureFactory factory;
    private ApplicationRecorder recorder;
    private String users;

    /** @return a pool whose connections enlist in the Narayana transaction */
    protected abstract DataSource dataSource();

    /** @return settings for an empty store in that database */
    protected abstract Map<String, String> settings();

    /** @return where the user table lives: by default the events' DataSource, one resource in the transaction */
    protected DataSource userDataSource() {
        return dataSource();
    }

    /** @return the factory over that DataSource, joining Narayana's transactions through its registry */
    protected JdbcInfrastructureFactory open(Settings settings, DataSource dataSource) {
        return JdbcInfrastructureFactory.create(settings, dataSource, TestJta.TSR);
    }

    @BeforeEach
    final void createStoreAndUserTable() throws SQLException {
        factory = open(Settings.of(settings()), dataSource());
        recorder = factory.applicationRecorder();
        users = "users_" + TABLES.incrementAndGet() + "_" + Math.abs(System.nanoTime() % 100000);
        try (Connection c = userDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + users + " (name VARCHAR(100) NOT NULL)");
        }
    }

    @AfterEach
    final void closeStore() {
        factory.close();
    }

    @Test
    void events_and_a_user_row_commit_together() throws Exception {
        UUID id = UUID.randomUUID();

        TM.begin();
        recorder.insertEvents(events(id, 1, 2));
        insertUser("Fido");
        assertThat(outside(recorder::maxNotificationId)).isZero();
        assertThat(outside(() -> recorder.selectEvents(id))).isEmpty();
        assertThat(outside(this::userCount)).isZero();
        TM.commit();

        assertThat(recorder.selectEvents(id)).hasSize(2);
        assertThat(userCount()).isEqualTo(1);
        assertThat(recorder.selectNotifications(1, 10)).extracting(Notification::id).containsExactly(1L, 2L);
    }

    @Test
    void a_rollback_after_save_stores_neither() throws Exception {
        UUID id = UUID.randomUUID();

        TM.begin();
        recorder.insertEvents(events(id, 1, 3));
        insertUser("Fido");
        TM.rollback();

        assertThat(recorder.selectEvents(id)).isEmpty();
        assertThat(recorder.maxNotificationId()).isZero();
        assertThat(userCount()).isZero();
        recorder.insertEvents(events(id, 1, 1));
        assertThat(recorder.selectNotifications(1, 10)).extracting(Notification::id).containsExactly(1L);
    }

    @Test
    void a_conflict_marks_the_transaction_rollback_only_and_names_the_aggregate() throws Exception {
        UUID id = UUID.randomUUID();
        recorder.insertEvents(events(id, 1, 1));

        TM.begin();
        try {
            insertUser("Fido");
            assertThatThrownBy(() -> recorder.insertEvents(events(id, 1, 1)))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining(id.toString())
                    .hasMessageContaining("version 1");
            assertThat(TM.getStatus()).isEqualTo(Status.STATUS_MARKED_ROLLBACK);
        } finally {
            TM.rollback();
        }

        assertThat(userCount()).isZero();
        assertThat(recorder.selectEvents(id)).hasSize(1);
        assertThat(recorder.maxNotificationId()).isEqualTo(1);
    }

    @Test
    void the_transaction_reads_its_own_events_before_it_commits() throws Exception {
        UUID id = UUID.randomUUID();

        TM.begin();
        try {
            recorder.insertEvents(events(id, 1, 2));
            recorder.insertEvents(events(id, 3, 3));
            assertThat(recorder.selectEvents(id)).extracting(StoredEvent::originatorVersion).containsExactly(1, 2, 3);
        } finally {
            TM.commit();
        }
    }

    @Test
    void several_saves_in_one_transaction_are_numbered_in_save_order() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        recorder.insertEvents(events(a, 1, 1));

        TM.begin();
        recorder.insertEvents(events(b, 1, 2));
        recorder.insertEvents(events(a, 2, 2));
        recorder.insertEvents(events(b, 3, 3));
        TM.commit();

        List<Notification> log = recorder.selectNotifications(1, 10);
        assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(log).extracting(Notification::originatorId).containsExactly(a, b, b, a, b);
        assertThat(log).extracting(Notification::originatorVersion).containsExactly(1, 1, 2, 2, 3);
    }

    @Test
    void after_commit_runs_once_the_joined_transaction_has_committed_and_never_for_a_rollback() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();

        TM.begin();
        recorder.insertEvents(events(UUID.randomUUID(), 1, 1));
        recorder.afterCommit(() -> ran.add("committed"));
        assertThat(ran).isEmpty();
        TM.commit();
        assertThat(ran).containsExactly("committed");

        TM.begin();
        recorder.insertEvents(events(UUID.randomUUID(), 1, 1));
        recorder.afterCommit(() -> ran.add("rolled back"));
        TM.rollback();
        assertThat(ran).containsExactly("committed");
    }

    @Test
    void after_commit_runs_at_once_where_the_insert_ran_its_own_transaction() {
        List<String> ran = new ArrayList<>();

        recorder.insertEvents(events(UUID.randomUUID(), 1, 1));
        recorder.afterCommit(() -> ran.add("committed"));

        assertThat(ran).containsExactly("committed");
    }

    @Test
    void after_commit_never_runs_for_a_transaction_a_conflict_marked_rollback_only() throws Exception {
        UUID id = UUID.randomUUID();
        recorder.insertEvents(events(id, 1, 1));
        List<String> ran = new CopyOnWriteArrayList<>();

        TM.begin();
        try {
            assertThatThrownBy(() -> recorder.insertEvents(events(id, 1, 1))).isInstanceOf(IntegrityException.class);
            recorder.afterCommit(() -> ran.add("rolled back"));
        } finally {
            TM.rollback();
        }

        assertThat(ran).isEmpty();
    }

    /**
     * An application over {@code eventsourcing.persistence=datasource}, which finds the DataSource and the
     * transaction synchronization registry in JNDI (the container SPI's plain default), as in a Jakarta EE container.
     */
    @Test
    void a_save_listener_runs_once_the_transaction_has_committed_and_never_for_a_rollback() throws Exception {
        String dataSourceName = "java:comp/env/jdbc/" + users;
        String registryName = "java:comp/TransactionSynchronizationRegistry";
        TestJndi.bind(dataSourceName, dataSource());
        TestJndi.bind(registryName, TestJta.TSR);
        Map<String, String> settings = new HashMap<>(settings());
        settings.put(Settings.PERSISTENCE, "datasource");
        settings.put(JdbcSettings.DATASOURCE, dataSourceName);
        List<List<StoredEvent>> saves = new CopyOnWriteArrayList<>();
        try (Universe app = new Universe(settings)) {
            ApplicationAccess.get().addSaveListener(app, saves::add);

            TM.begin();
            UUID earth = app.createWorld("Earth");
            assertThat(saves).isEmpty();
            TM.commit();
            assertThat(saves).singleElement().satisfies(events ->
                    assertThat(events).extracting(StoredEvent::originatorId).containsExactly(earth));

            TM.begin();
            app.createWorld("Mars");
            TM.rollback();
            assertThat(saves).hasSize(1);

            UUID venus = app.createWorld("Venus");
            assertThat(saves).hasSize(2);
            assertThat(saves.get(1)).extracting(StoredEvent::originatorId).containsExactly(venus);
        } finally {
            TestJndi.unbind(dataSourceName);
            TestJndi.unbind(registryName);
        }
    }

    /**
     * A read model's work on a thread without a transaction (a projection on the library's threads), where the
     * container offers a user transaction (in JNDI, as Payara and WildFly bind it): the recorder begins a JTA
     * transaction, which the tracking's connection and the work's other connections (as JPA takes one) join, committed
     * once the work returns, rolled back with the tracking if it throws.
     */
    @Test
    void a_projection_without_a_transaction_begins_one_that_other_connections_join() throws Exception {
        String registryName = "java:comp/TransactionSynchronizationRegistry";
        String userTransactionName = "java:comp/UserTransaction";
        TestJndi.bind(registryName, TestJta.TSR);
        TestJndi.bind(userTransactionName, com.arjuna.ats.jta.UserTransaction.userTransaction());
        try (JdbcInfrastructureFactory beginning = JdbcInfrastructureFactory.create(Settings.of(settings()),
                dataSource())) {
            ProjectionRecorder projection = beginning.projectionRecorder();
            List<Integer> statuses = new ArrayList<>();
            projection.process(List.of(new Tracking("Universe", 1)), connection -> {
                statuses.add(TM.getStatus());
                insertUser("Rex");
            });

            assertThat(statuses).containsExactly(Status.STATUS_ACTIVE);
            assertThat(TM.getTransaction()).isNull();
            assertThat(userCount()).isEqualTo(1);
            assertThat(projection.maxTrackingId("Universe")).isEqualTo(1);

            assertThatThrownBy(() -> projection.process(List.of(new Tracking("Universe", 2)), connection -> {
                insertUser("Max");
                throw new IllegalStateException("the view is full");
            })).hasMessage("the view is full");
            assertThat(TM.getTransaction()).isNull();
            assertThat(userCount()).isEqualTo(1);
            assertThat(projection.maxTrackingId("Universe")).isEqualTo(1);
        } finally {
            TestJndi.unbind(registryName);
            TestJndi.unbind(userTransactionName);
        }
    }

    private void insertUser(String name) throws SQLException {
        try (Connection c = userDataSource().getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + users + " (name) VALUES (?)")) {
            insert.setString(1, name);
            insert.executeUpdate();
        }
    }

    private int userCount() {
        try (Connection c = userDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + users)) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the query outside the current transaction, as another request would. */
    private static <T> T outside(Supplier<T> query) throws Exception {
        Transaction suspended = TM.suspend();
        try {
            return query.get();
        } finally {
            TM.resume(suspended);
        }
    }

    public static List<StoredEvent> events(UUID id, int from, int to) {
        List<StoredEvent> events = new ArrayList<>();
        for (int v = from; v <= to; v++) {
            events.add(new StoredEvent(id, v, "test.Happened", ("{\"v\":" + v + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }
}
