package io.eventsourcing.sqlite;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.jdbc.testing.FirstUse;
import io.eventsourcing.persistence.tck.Counters;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The errors a new user meets first with SQLite: they say what failed and name the key and value to fix. */
class SqliteFirstUseErrorsIT {

    @Test
    void a_file_in_a_missing_folder_names_the_key_and_the_path() {
        Path missing = Path.of("target", "sqlite", "no-such-folder-" + System.nanoTime(), "store.db");

        assertThatThrownBy(() -> new Counters(Map.of("eventsourcing.persistence", "sqlite",
                SqliteSettings.DBNAME, missing.toString())).close())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo(SqliteSettings.DBNAME);
                    assertThat(e.getMessage())
                            .startsWith("Cannot open the SQLite database file '" + missing + "'")
                            .contains(SqliteSettings.DBNAME + "=" + missing)
                            .contains("its folder " + missing.toAbsolutePath().getParent() + " does not exist")
                            .contains("SQLITE_CANTOPEN");
                });
    }

    @Test
    void an_applications_own_key_is_named_as_set() {
        Path missing = Path.of("target", "sqlite", "no-such-folder-" + System.nanoTime(), "store.db");
        String own = "eventsourcing.Counters.sqlite.dbname";

        assertThatThrownBy(() -> new Counters(Map.of("eventsourcing.persistence", "sqlite",
                SqliteSettings.DBNAME, TestSqlite.freshFile().toString(), own, missing.toString())).close())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo(own);
                    assertThat(e.getMessage()).contains(own + "=" + missing);
                });
    }

    @Test
    void without_the_driver_the_error_names_the_artifact_to_add() throws Exception {
        String withoutDriver = FirstUse.classPath(entry -> !new File(entry).getName().startsWith("sqlite-jdbc"));
        assertThat(withoutDriver).contains("eventsourcing-sqlite").doesNotContain("sqlite-jdbc");
        String dbname = TestSqlite.freshFile().toString();

        String printed = FirstUse.run(withoutDriver, Map.of("eventsourcing.persistence", "sqlite",
                SqliteSettings.DBNAME, dbname));

        assertThat(printed).contains(ConfigurationException.class.getName() + ": The SQLite JDBC driver"
                + " (org.sqlite.JDBC) is not on the class path, which eventsourcing.persistence=sqlite needs: add the"
                + " Maven artifact org.xerial:sqlite-jdbc to the application's dependencies");
    }

    @Test
    void in_memory_without_the_driver_the_error_names_the_artifact_to_add() throws Exception {
        String withoutDriver = FirstUse.classPath(entry -> !new File(entry).getName().startsWith("sqlite-jdbc"));

        String printed = FirstUse.run(withoutDriver, Map.of("eventsourcing.persistence", "sqlite",
                SqliteSettings.DBNAME, ":memory:"));

        assertThat(printed).contains("org.xerial:sqlite-jdbc");
    }

    @Test
    void with_the_driver_the_forked_application_starts() throws Exception {
        String printed = FirstUse.run(FirstUse.classPath(entry -> true), Map.of("eventsourcing.persistence", "sqlite",
                SqliteSettings.DBNAME, TestSqlite.freshFile().toString()));

        assertThat(printed).contains("started");
    }
}
