package io.eventsourcing.jdbc.spi;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.eventsourcing.config.ConfigurationException;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The library's own connection pool to a database (Agroal), well kept: connections are validated when they have
 * been idle for a second (so the first save after a restart or failover does not get a dead one) and in the
 * background, replaced after a fatal error ({@link #isFatal}), closed when idle for long and renewed after half an
 * hour.
 *
 * @param url                the JDBC URL
 * @param driverClass        the driver's class name, found next to the library (see {@link #driver})
 * @param size               most connections the pool opens
 * @param acquisitionTimeout seconds to wait for a connection
 * @param user               the user name, or {@code null} for none
 * @param password           the password (with a user)
 * @param properties         the driver's connection properties
 */
public record Pool(String url, String driverClass, int size, int acquisitionTimeout, String user, String password,
                   Map<String, String> properties) {

    /**
     * @param key        the key that points at the database, named if the pool cannot be made
     * @param serialised whether local writers of this process queue for {@link Connections#acquireWriter()}
     * @return connections from a new pool, which they close
     * @throws ConfigurationException naming the key if the pool cannot be made
     */
    public Connections open(String key, boolean serialised) {
        Function<AgroalConnectionFactoryConfigurationSupplier, AgroalConnectionFactoryConfigurationSupplier> factory =
                cf -> {
                    cf.jdbcUrl(url);
                    Class<?> driver = driver(driverClass);
                    if (driver != null) {
                        cf.connectionProviderClass(driver);
                    }
                    if (user != null) {
                        cf.principal(new NamePrincipal(user)).credential(new SimplePassword(password));
                    }
                    properties.forEach(cf::jdbcProperty);
                    return cf;
                };
        try {
            AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(p -> p
                            .initialSize(0)
                            .minSize(0)
                            .maxSize(size)
                            .acquisitionTimeout(Duration.ofSeconds(acquisitionTimeout))
                            .connectionValidator(ConnectionValidator.defaultValidator())
                            .exceptionSorter(Pool::isFatal)
                            .idleValidationTimeout(Duration.ofSeconds(1))
                            .validationTimeout(Duration.ofMinutes(2))
                            .reapTimeout(Duration.ofMinutes(10))
                            .maxLifetime(Duration.ofMinutes(30))
                            .connectionFactoryConfiguration(factory)));
            return Connections.ownPool(pool, serialised, this::connect);
        } catch (SQLException | RuntimeException e) {
            throw new ConfigurationException(key, "Cannot create a connection pool for %s (see %s): %s"
                    .formatted(url, key, e.getMessage()), e);
        }
    }

    /**
     * @return a new connection to the database, outside the pool, with the pool's settings: for a long session of
     * its own ({@link Connections#openSession()})
     */
    Connection connect() throws SQLException {
        Properties info = new Properties();
        info.putAll(properties);
        if (user != null) {
            info.setProperty("user", user);
            info.setProperty("password", password == null ? "" : password);
        }
        Class<?> type = driver(driverClass);
        if (type == null) {
            return DriverManager.getConnection(url, info);
        }
        Driver driver;
        try {
            driver = (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("Cannot load the driver " + driverClass + ": " + e, e);
        }
        Connection connection = driver.connect(url, info);
        if (connection == null) {
            throw new SQLException("The driver " + driverClass + " does not accept " + url);
        }
        return connection;
    }

    /**
     * Whether the connection that raised the error is lost, so that the pool replaces it rather than hand it out
     * again: a connection error (SQLState class 08) or the server ending the session (57P: administrator command,
     * crash or shutdown, database dropped, idle session timeout).
     */
    private static boolean isFatal(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /**
     * Checks that the database's JDBC driver is there: its class next to the library or in the thread's context class
     * loader ({@link #driver}), or else a driver {@link DriverManager} has for the URL.
     *
     * @param driverClass the driver's class name, such as {@code org.postgresql.Driver}
     * @param url         a JDBC URL of the database
     * @param database    the database's name for people, such as {@code PostgreSQL}
     * @param artifact    the Maven artifact that brings the driver, {@code groupId:artifactId}
     * @param key         the key that selected the database ({@code eventsourcing.persistence} as set)
     * @param value       its value
     * @throws ConfigurationException naming the driver, the artifact to add and the key if the driver is missing
     */
    public static void requireDriver(String driverClass, String url, String database, String artifact, String key,
                                     String value) {
        if (driver(driverClass) != null) {
            return;
        }
        try {
            DriverManager.getDriver(url);
            return;
        } catch (SQLException notThere) {
            // no driver for the URL: say which is missing
        }
        throw new ConfigurationException(key, ("The %s JDBC driver (%s) is not on the class path, which %s=%s needs:"
                + " add the Maven artifact %s to the application's dependencies").formatted(database, driverClass,
                key, value, artifact));
    }

    /**
     * The driver class next to the library (else in the thread's context class loader), or {@code null} to leave it
     * to {@link DriverManager}. Named explicitly because {@link DriverManager} scans for drivers only once per JVM:
     * in an application server a driver in the web application's {@code WEB-INF/lib} is then not found (Payara
     * scans with a throwaway class loader and unregisters what it registered), and a caller from another class
     * loader is not allowed to use it.
     */
    public static Class<?> driver(String name) {
        for (ClassLoader loader : new ClassLoader[] {Pool.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader != null) {
                try {
                    Class<?> type = Class.forName(name, false, loader);
                    if (Driver.class.isAssignableFrom(type)) {
                        return type;
                    }
                } catch (ClassNotFoundException | LinkageError notThere) {
                    // try the next loader, then DriverManager
                }
            }
        }
        return null;
    }
}
