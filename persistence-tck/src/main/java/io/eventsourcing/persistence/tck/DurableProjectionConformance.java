package io.eventsourcing.persistence.tck;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessingException;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection conformance suite, and what only a store that outlives its projections allows: a projection
 * resumes after a restart from what it tracked, and two instances over one database apply each notification once
 * between them.
 */
public abstract class DurableProjectionConformance extends ProjectionConformance {

    @Test
    void a_batched_statement_that_fails_names_its_notification_and_those_before_it_commit() {
        for (int batchSize : new int[] {1, 100}) {
            Map<String, String> settings = withBatchSize(settings(), batchSize);
            try (Universe universe = new Universe(settings);
                 WorldNames view = new WorldNames(settings, freshTable())) {
                universe.createWorld("Earth");
                universe.createWorld("Mars");
                universe.createWorld("Earth");          // the name is the view's key: its insert fails
                universe.createWorld("Venus");
                view.follow(universe);

                assertThatThrownBy(() -> view.pullAndProcess("Universe"))
                        .as("batch size %d", batchSize)
                        .isInstanceOf(ProcessingException.class)
                        .hasMessageContaining("WorldNames could not process notification 3 of Universe")
                        .satisfies(e -> assertThat(((ProcessingException) e).notificationId()).isEqualTo(3));
                assertThat(view.names()).containsExactly("Earth", "Mars");
                assertThat(view.position("Universe")).isEqualTo(2);
            }
        }
    }

    /** Inserts each world's name into a table where the name is the key, batched. */
    public static class WorldNames extends Projection {
        private final String table;

        public WorldNames(Map<String, String> settings, String table) {
            super(settings);
            this.table = table;
        }

        @Override
        protected void createTables(Connection connection) throws SQLException {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS " + table + " (name VARCHAR(100) PRIMARY KEY)");
            }
        }

        @Policy
        void on(World.Created e, ProjectionContext context) throws SQLException {
            PreparedStatement insert = context.batch("INSERT INTO " + table + " (name) VALUES (?)");
            insert.setString(1, e.name());
            insert.addBatch();
        }

        public List<String> names() {
            return query(connection -> {
                List<String> names = new ArrayList<>();
                try (Statement select = connection.createStatement();
                     ResultSet results = select.executeQuery("SELECT name FROM " + table + " ORDER BY name")) {
                    while (results.next()) {
                        names.add(results.getString(1));
                    }
                }
                return names;
            });
        }
    }

    @Test
    void a_projection_resumes_after_a_restart_from_what_it_tracked() {
        Map<String, String> settings = settings();
        String table = freshTable();
        try (Universe universe = new Universe(settings)) {
            UUID earth = universe.createWorld("Earth");
            universe.makeItSo(earth, "dinosaurs");
            try (WorldList view = new WorldList(settings, table)) {
                view.follow(universe);
                assertThat(view.pullAndProcess("Universe")).isEqualTo(2);
            }
            universe.makeItSo(earth, "trucks");
            try (WorldList view = new WorldList(settings, table)) {
                view.follow(universe);
                assertThat(view.pullAndProcess("Universe")).isEqualTo(1);
                assertThat(view.things()).isEqualTo(Map.of("Earth", 2));
                assertThat(view.position("Universe")).isEqualTo(3);
            }
        }
    }

    @Test
    void two_instances_over_one_database_apply_each_notification_once_between_them() throws Exception {
        for (int batchSize : new int[] {1, 7}) {
            Map<String, String> settings = withBatchSize(settings(), batchSize);
            String table = freshTable();
            try (Universe universe = new Universe(settings);
                 WorldList first = new WorldList(settings, table);
                 WorldList second = new WorldList(settings, table)) {
                first.follow(universe);
                second.follow(universe);
                ExecutorService both = Executors.newFixedThreadPool(2);
                try {
                    List<UUID> worlds = new ArrayList<>();
                    for (int w = 0; w < 10; w++) {
                        worlds.add(universe.createWorld("world " + w));
                    }
                    List<Future<Integer>> pulls = new ArrayList<>();
                    for (int round = 0; round < 10; round++) {
                        for (UUID world : worlds) {
                            universe.makeItSo(world, "thing");
                        }
                        for (WorldList view : List.of(first, second)) {
                            pulls.add(both.submit((Callable<Integer>) () -> view.pullAndProcess("Universe")));
                        }
                    }
                    for (Future<Integer> pull : pulls) {
                        pull.get(60, TimeUnit.SECONDS);
                    }
                    first.pullAndProcess("Universe");
                } finally {
                    both.shutdownNow();
                }
                Map<String, Integer> things = first.things();
                assertThat(things).as("batch size %d", batchSize).hasSize(10);
                things.forEach((world, count) -> assertThat(count).as(world).isEqualTo(10));
                assertThat(second.things()).isEqualTo(things);
                assertThat(first.position("Universe")).isEqualTo(110);
            }
        }
    }
}
