package io.eventsourcing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of the tests: an external one when {@code eventsourcing.test.postgres.host} (system
 * property) or {@code EVENTSOURCING_TEST_POSTGRES_HOST} (environment) is set, with {@code .port}, {@code .dbname},
 * {@code .user}, {@code .password} likewise; else an embedded server started once per JVM. Each store the tests ask
 * for lives in a schema of its own, so it starts empty. {@code PostgresXaIT} needs an external server to allow
 * prepared transactions ({@code max_prepared_transactions > 0}).
 */
public final class TestPostgres {

    private static final AtomicInteger STORES = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private TestPostgres() {
    }

    /** Connection settings, started lazily and once. */
    private static final class Server {
        static final String HOST;
        static final int PORT;
        static final String DBNAME;
        static final String USER;
        static final String PASSWORD;

        static {
            String host = setting("host", null);
            if (host != null) {
                HOST = host;
                PORT = Integer.parseInt(setting("port", "5432"));
                DBNAME = setting("dbname", "postgres");
                USER = setting("user", "postgres");
                PASSWORD = setting("password", "");
            } else {
                try {
                    EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                            .setServerConfig("max_connections", "300")
                            .setServerConfig("max_prepared_transactions", "50")   // two-phase commit (XA)
                            .start();
                    HOST = "localhost";
                    PORT = embedded.getPort();
                    DBNAME = "postgres";
                    USER = "postgres";
                    PASSWORD = "postgres";
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
                }
            }
        }

        private static String setting(String name, String defaultValue) {
            String key = "eventsourcing.test.postgres." + name;
            String value = System.getProperty(key);
            if (value == null) {
                value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
            }
            return value == null || value.isBlank() ? defaultValue : value;
        }
    }

    /** @return the settings of a PostgreSQL application over an empty store (a fresh schema) */
    public static Map<String, String> settings() {
        Map<String, String> settings = connection();
        settings.put("eventsourcing.persistence", "postgres");
        settings.put(PostgresSettings.SCHEMA, freshSchema());
        return settings;
    }

    /** @return host, port, dbname, user and password of the server */
    public static Map<String, String> connection() {
        Map<String, String> settings = new HashMap<>();
        settings.put(PostgresSettings.HOST, Server.HOST);
        settings.put(PostgresSettings.PORT, Integer.toString(Server.PORT));
        settings.put(PostgresSettings.DBNAME, Server.DBNAME);
        settings.put(PostgresSettings.USER, Server.USER);
        settings.put(PostgresSettings.PASSWORD, Server.PASSWORD);
        return settings;
    }

    public static String jdbcUrl() {
        return jdbcUrl(Server.DBNAME);
    }

    /** @return the URL of another database on the same server */
    public static String jdbcUrl(String dbname) {
        return "jdbc:postgresql://" + Server.HOST + ":" + Server.PORT + "/" + dbname;
    }

    public static String user() {
        return Server.USER;
    }

    public static String password() {
        return Server.PASSWORD;
    }

    /**
     * @return the server's data directory as the server reports it ({@code SHOW data_directory}, which needs a
     *         superuser): a temporary directory on this machine for the embedded server, readable by the tests
     */
    public static Path dataDirectory() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), user(), password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW data_directory")) {
            result.next();
            return Path.of(result.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot ask the server for its data directory", e);
        }
    }

    public static String freshSchema() {
        return "es_test_" + RUN + "_" + STORES.incrementAndGet();
    }
}
