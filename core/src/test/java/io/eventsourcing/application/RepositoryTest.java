package io.eventsourcing.application;

import io.eventsourcing.domain.DomainEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryTest {

    public record Noted(String text) {
    }

    @Test
    void events_whose_first_names_no_aggregate_class_are_refused_naming_the_aggregate_and_version() {
        try (Application app = new Application(Map.of())) {
            UUID id = UUID.randomUUID();
            app.eventStore().put(List.of(new DomainEvent(id, 1, Instant.now(), null, new Noted("orphan"))));

            assertThatThrownBy(() -> app.repository().get(id))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Cannot rebuild aggregate " + id + ": its first stored event (version 1) does not"
                            + " name the aggregate class");
        }
    }
}
