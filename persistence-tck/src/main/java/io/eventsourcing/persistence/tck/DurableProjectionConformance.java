package io.eventsourcing.persistence.tck;

import org.junit.jupiter.api.Test;

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

/**
 * The projection conformance suite, and what only a store that outlives its projections allows: a projection
 * resumes after a restart from what it tracked, and two instances over one database apply each notification once
 * between them.
 */
public abstract class DurableProjectionConformance extends ProjectionConformance {

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
