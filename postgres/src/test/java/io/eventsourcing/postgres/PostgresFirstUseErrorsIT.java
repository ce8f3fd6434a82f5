package io.eventsourcing.postgres;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.jdbc.testing.FirstUse;
import io.eventsourcing.persistence.tck.Counters;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The errors a new user meets first with PostgreSQL: constructing the application fails saying that the connection
 * failed, naming the keys and values to check and never the password's value. The embedded server of the tests
 * trusts every local connection (it checks no password), so a wrong password is not tried here: an unknown user is
 * refused the same way (SQLState class 28).
 */
class PostgresFirstUseErrorsIT {

    private static final String PASSWORD = "not-to-be-shown-" + System.nanoTime();

    private static Map<String, String> settings() {
        Map<String, String> settings = TestPostgres.settings();
        settings.put(PostgresSettings.PASSWORD, PASSWORD);
        settings.put(PostgresSettings.CONNECT_TIMEOUT, "2");
        return settings;
    }

    @Test
    void a_closed_port_names_host_and_port() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> settings = settings();
        settings.put(PostgresSettings.HOST, "localhost");
        settings.put(PostgresSettings.PORT, Integer.toString(port));

        assertThatThrownBy(() -> new Counters(settings).close())
                .isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("Cannot connect to PostgreSQL at localhost:" + port + " ("
                        + PostgresSettings.HOST + "=localhost, " + PostgresSettings.PORT + "=" + port + "): ")
                .hasMessageContaining("refused")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void an_unknown_host_names_the_host() {
        Map<String, String> settings = settings();
        settings.put(PostgresSettings.HOST, "no-such-host.invalid");

        assertThatThrownBy(() -> new Counters(settings).close())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo(PostgresSettings.HOST))
                .hasMessageStartingWith("Cannot connect to PostgreSQL: unknown host 'no-such-host.invalid' ("
                        + PostgresSettings.HOST + "=no-such-host.invalid): ")
                .hasMessageContaining("UnknownHostException")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void an_unknown_database_names_the_dbname() {
        Map<String, String> settings = settings();
        settings.put(PostgresSettings.DBNAME, "no_such_database");

        assertThatThrownBy(() -> new Counters(settings).close())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo(PostgresSettings.DBNAME))
                .hasMessageStartingWith("Cannot connect to PostgreSQL at " + settings.get(PostgresSettings.HOST)
                        + ":" + settings.get(PostgresSettings.PORT) + ": no database 'no_such_database' ("
                        + PostgresSettings.DBNAME + "=no_such_database): ")
                .hasMessageContaining("does not exist")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void an_unknown_user_names_user_and_password_keys_but_not_the_password() {
        Map<String, String> settings = settings();
        settings.put(PostgresSettings.USER, "no_such_user");

        assertThatThrownBy(() -> new Counters(settings).close())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo(PostgresSettings.USER))
                .hasMessageStartingWith("Cannot connect to PostgreSQL at " + settings.get(PostgresSettings.HOST)
                        + ":" + settings.get(PostgresSettings.PORT) + ": the server refused user 'no_such_user' ("
                        + PostgresSettings.USER + "=no_such_user and " + PostgresSettings.PASSWORD + ", not shown): ")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void an_applications_own_keys_are_named_as_set() {
        Map<String, String> settings = settings();
        settings.put("eventsourcing.Counters.postgres.dbname", "no_such_database");

        assertThatThrownBy(() -> new Counters(settings).close())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("eventsourcing.Counters.postgres.dbname"))
                .hasMessageContaining("(eventsourcing.Counters.postgres.dbname=no_such_database)");
    }

    @Test
    void without_the_driver_the_error_names_the_artifact_to_add() throws Exception {
        String withoutDriver = FirstUse.classPath(entry -> !new File(entry).getName().startsWith("postgresql-"));
        assertThat(withoutDriver).contains("eventsourcing-postgres");
        Map<String, String> settings = new HashMap<>(settings());
        settings.remove(PostgresSettings.SCHEMA);

        String printed = FirstUse.run(withoutDriver, settings);

        assertThat(printed).contains(ConfigurationException.class.getName() + ": The PostgreSQL JDBC driver"
                + " (org.postgresql.Driver) is not on the class path, which eventsourcing.persistence=postgres needs:"
                + " add the Maven artifact org.postgresql:postgresql to the application's dependencies")
                .doesNotContain(PASSWORD);
    }

    @Test
    void with_the_driver_the_forked_application_starts() throws Exception {
        String printed = FirstUse.run(FirstUse.classPath(entry -> true), settings());

        assertThat(printed).contains("started");
    }
}
