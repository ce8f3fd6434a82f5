package io.eventsourcing.postgres;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;
import io.eventsourcing.jdbc.testing.BackendContract;
import io.eventsourcing.jdbc.testing.JtaTransactionsContract;
import io.eventsourcing.persistence.IntegrityException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresBackendIT extends BackendContract {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }

    @Test
    void a_conflict_names_the_event_that_conflicted_not_just_the_first() {
        try (JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(Settings.of(settings()))) {
            UUID stored = UUID.randomUUID();
            factory.applicationRecorder().insertEvents(JtaTransactionsContract.events(stored, 1, 2));
            UUID fresh = UUID.randomUUID();

            assertThatThrownBy(() -> factory.applicationRecorder().insertEvents(List.of(
                    JtaTransactionsContract.events(fresh, 1, 1).get(0),
                    JtaTransactionsContract.events(stored, 2, 2).get(0))))
                    .isInstanceOfSatisfying(IntegrityException.class, e -> {
                        assertThat(e.originatorId()).isEqualTo(stored);
                        assertThat(e.originatorVersion()).isEqualTo(2);
                    });
        }
    }
}
