package io.eventsourcing.postgres;

import io.eventsourcing.persistence.IntegrityException;
import io.eventsourcing.persistence.tck.ApplicationConformance;
import io.eventsourcing.persistence.tck.Universe;
import io.eventsourcing.persistence.tck.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.eventsourcing.jdbc.testing.TestJta.TM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The application suite with {@code eventsourcing.persistence=datasource}: the DataSource and the transaction
 * synchronization registry are found in JNDI, as in a Jakarta EE container; plus applications saving inside JTA
 * transactions.
 */
class PostgresDataSourceApplicationIT extends ApplicationConformance {

    private static final String NAME = "java:comp/env/jdbc/EventsTest";
    private static ContainerDataSource container;

    @BeforeAll
    static void bindDataSource() {
        container = ContainerDataSource.bind(NAME, false);
    }

    @AfterAll
    static void unbindDataSource() {
        container.close();
    }

    @Override
    protected Map<String, String> settings() {
        return container.settings();
    }

    @Test
    void an_application_save_rolls_back_with_the_container_transaction() throws Exception {
        try (Universe app = new Universe(settings())) {
            TM.begin();
            UUID id = app.createWorld("Earth");
            assertThat(app.history(id)).isEmpty();
            TM.rollback();

            assertThat(app.repository().contains(id)).isFalse();
            assertThat(app.notificationLog().maxNotificationId()).isZero();
        }
    }

    @Test
    void a_stale_save_in_a_container_transaction_marks_it_rollback_only() throws Exception {
        try (Universe app = new Universe(settings())) {
            UUID id = app.createWorld("Earth");
            World stale = app.repository().get(id);
            app.makeItSo(id, "dinosaurs");

            TM.begin();
            try {
                stale.makeItSo("trucks");
                assertThatThrownBy(() -> app.save(stale)).isInstanceOf(IntegrityException.class)
                        .hasMessageContaining(id.toString());
                assertThat(TM.getStatus()).isEqualTo(jakarta.transaction.Status.STATUS_MARKED_ROLLBACK);
            } finally {
                TM.rollback();
            }
            assertThat(app.history(id)).containsExactly("dinosaurs");
        }
    }
}
