package io.eventsourcing.sqlite;

import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.jdbc.testing.Factories;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.ProcessRecorder;
import io.eventsourcing.persistence.StoredEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data keys table the database refuses to write: the error names the table and the subject, nothing is stored. */
class SqliteDataKeyErrorsIT {

    private final Factories factories = new Factories();

    @AfterEach
    void close() {
        factories.closeAll();
    }

    @Test
    void a_key_the_database_refuses_names_the_table_and_the_subject_and_stores_none_of_the_save() throws Exception {
        Map<String, String> settings = TestSqlite.settings();
        ProcessRecorder recorder = factories.create(settings).processRecorder();
        String url = "jdbc:sqlite:" + settings.get(SqliteSettings.DBNAME);
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE data_keys");
        }
        UUID subject = UUID.randomUUID();
        UUID aggregate = UUID.randomUUID();
        List<StoredEvent> events = List.of(new StoredEvent(aggregate, 1, "Joined", new byte[] {0}));

        assertThatThrownBy(() -> ((DataKeyRecorder) recorder).insertEvents(events, List.of(),
                List.of(new DataKey(subject, new byte[] {1, 2})), List.of()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("in table data_keys")
                .hasMessageContaining(subject.toString());

        assertThat(recorder.selectEvents(aggregate)).isEmpty();
    }
}
