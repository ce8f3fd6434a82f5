package io.eventsourcing.config;

import io.eventsourcing.config.internal.EnvironmentSource;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration an application's infrastructure is built from: keys under {@code eventsourcing.}, each of which
 * may be set for one application only by putting the application's name after {@code eventsourcing.} (for example
 * {@code eventsourcing.DogSchool.persistence} before {@code eventsourcing.persistence}).
 *
 * <p>Values come from the map given to the application, then from MicroProfile Config when an implementation is on
 * the class path, else from system properties and environment variables ({@code EVENTSOURCING_PERSISTENCE} for
 * {@code eventsourcing.persistence}). Immutable and thread-safe. Getters that parse fail with a
 * {@link ConfigurationException} naming the key that was set: the application's own key if that one holds the value.
 */
public final class Settings {

    // Every key of core, in one place; each backend's keys are in its module (JdbcSettings, PostgresSettings, ...).

    /** Which persistence: {@code memory} (default), {@code sqlite}, {@code postgres} or {@code datasource}. */
    public static final String PERSISTENCE = "eventsourcing.persistence";
    /** {@code zlib} (or another {@link io.eventsourcing.serialization.Compressor}'s name) compresses stored states. */
    public static final String COMPRESSOR = "eventsourcing.compressor";
    /**
     * A base64 AES key (16, 24 or 32 bytes) that encrypts stored states with AES-GCM (absent, they are not), and
     * wraps the data keys of {@code @PersonalData}, which needs it.
     */
    public static final String CIPHER_KEY = "eventsourcing.cipher.key";
    /**
     * {@code false} stores states unencrypted (but for their {@code @PersonalData}) while {@value #CIPHER_KEY} is set,
     * which then only wraps the data keys of personal data: non-personal fields stay readable in the database.
     * {@code true} by default.
     */
    public static final String CIPHER_ENCRYPT_STATES = "eventsourcing.cipher.encrypt-states";
    /**
     * How many unwrapped data keys of subjects of {@code @PersonalData} the mapper keeps in memory, the most recently
     * used: {@code 1000} by default; {@code 0} none.
     */
    public static final String CIPHER_KEY_CACHE_SIZE = "eventsourcing.cipher.key-cache-size";
    /**
     * How long, in milliseconds, an unwrapped data key is used from the cache before it is selected again, so that a
     * subject another process forgot is forgotten here too: {@code 60000} by default.
     */
    public static final String CIPHER_KEY_CACHE_MILLIS = "eventsourcing.cipher.key-cache-millis";
    /**
     * Master keys that {@value #CIPHER_KEY} replaces, comma-separated base64 AES keys: they still unwrap the data keys
     * they wrapped (until {@code Application.rewrapDataKeys()} wraps those anew) and decrypt the states they
     * encrypted; nothing new is encrypted with them.
     */
    public static final String CIPHER_PREVIOUS_KEYS = "eventsourcing.cipher.previous-keys";
    /**
     * {@code true} keeps snapshots ({@code Application.takeSnapshot}), and the repository starts from the latest one;
     * also on when {@code Application.snapshottingIntervals()} names an aggregate class. {@code false} by default.
     */
    public static final String SNAPSHOTTING = "eventsourcing.snapshotting.enabled";
    /**
     * How often, in milliseconds, a follower run in a thread of its own ({@code MultiThreadedRunner}, or a
     * container) also looks for new notifications of each application it follows, besides being prompted after their
     * saves: for events that another process stored, or that a process numbered late. {@code 1000} by default;
     * {@code 0} never.
     */
    public static final String POLL_INTERVAL = "eventsourcing.poll-interval";
    /**
     * How many notifications a projection processes in one transaction with its tracking, at most: {@code 100} by
     * default; {@code 1} a transaction per notification.
     */
    public static final String BATCH_SIZE = "eventsourcing.batch-size";
    /**
     * What a follower does with a notification its policy fails on: {@code stop} (the default) stops there and tries
     * again later; {@code skip} records it as a dead letter with the tracking that moves past it, and goes on.
     */
    public static final String ON_FAILURE = "eventsourcing.on-failure";
    /**
     * How far a follower may lag behind an application it follows (the application's last notification id minus the
     * follower's position) while its readiness health check stays {@code UP}: {@code 10000} by default. Read where
     * health checks are made (the CDI extension, with MicroProfile Health), which fails at start-up on an invalid
     * value.
     */
    public static final String HEALTH_MAX_LAG = "eventsourcing.health.max-lag";

    private static final String PREFIX = "eventsourcing.";

    private final String applicationName;
    private final Class<?> applicationClass;
    private final Map<String, String> values;
    private final EnvironmentSource.Lookup environment;

    private Settings(String applicationName, Class<?> applicationClass, Map<String, String> values,
                     EnvironmentSource.Lookup environment) {
        this.applicationName = applicationName;
        this.applicationClass = applicationClass;
        this.values = Map.copyOf(values);
        this.environment = environment;
    }

    /** @return settings that hold exactly these values */
    public static Settings of(Map<String, String> values) {
        return new Settings(null, null, values, key -> null);
    }

    /**
     * @param applicationName the application's name, for per-application keys
     * @param overrides       values that take precedence over the environment
     * @return the settings of that application: the overrides, then MicroProfile Config or the environment
     */
    public static Settings forApplication(String applicationName, Map<String, String> overrides) {
        return new Settings(Objects.requireNonNull(applicationName, "applicationName"), null, overrides,
                EnvironmentSource.detect());
    }

    /**
     * As {@link #forApplication(String, Map)}, naming the application by its class's simple name and keeping the
     * class, so that the infrastructure can tell the application apart from another class of the same simple name
     * (a database records which class owns the tables it created).
     *
     * @param applicationClass the application's class, such as {@code com.example.dogs.DogSchool}
     * @param overrides        values that take precedence over the environment
     */
    public static Settings forApplication(Class<?> applicationClass, Map<String, String> overrides) {
        return new Settings(applicationClass.getSimpleName(), applicationClass, overrides, EnvironmentSource.detect());
    }

    /** @return the application's name, or {@code null} for settings not made for an application */
    public String applicationName() {
        return applicationName;
    }

    /**
     * @return the application's class, or {@code null} for settings not made for an application class (made by
     *         {@link #of(Map)} or {@link #forApplication(String, Map)})
     */
    public Class<?> applicationClass() {
        return applicationClass;
    }

    /**
     * @param key a key under {@code eventsourcing.}, such as {@code eventsourcing.persistence}
     * @return the value for this application's own key if set, else for the key itself
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(find(key, false));
    }

    /**
     * As {@link #get(String)}, but also an empty value that MicroProfile Config holds and reports as not set: for
     * keys whose empty value must not pass for no value, such as a secret that is missing.
     */
    public Optional<String> getEvenIfEmpty(String key) {
        return Optional.ofNullable(find(key, true));
    }

    private String find(String key, boolean evenIfEmpty) {
        if (applicationName != null && key.startsWith(PREFIX)) {
            String value = lookup(ownKey(key), evenIfEmpty);
            if (value != null) {
                return value;
            }
        }
        return lookup(key, evenIfEmpty);
    }

    /**
     * @param key a key under {@code eventsourcing.}
     * @return the key whose value {@link #get(String)} returns: this application's own key (such as
     *         {@code eventsourcing.DogSchool.persistence}) if that is set, else the key itself; for errors that name
     *         the key that was set
     */
    public String keyOf(String key) {
        return keyOf(key, false);
    }

    /** As {@link #keyOf(String)}, for the value {@link #getEvenIfEmpty} returns if {@code evenIfEmpty}. */
    public String keyOf(String key, boolean evenIfEmpty) {
        if (applicationName != null && key.startsWith(PREFIX)) {
            String own = ownKey(key);
            if (lookup(own, evenIfEmpty) != null) {
                return own;
            }
        }
        return key;
    }

    /** @return the value, or {@code defaultValue} if the key is not set */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** @throws ConfigurationException naming the key if it is not set */
    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigurationException(key,
                "Missing configuration value for " + key + (applicationName == null ? ""
                        : " (or " + ownKey(key) + ")")));
    }

    /**
     * @return the value of a required key, trimmed
     * @throws ConfigurationException naming the key (the one that was set) if it is missing or blank
     */
    public String requireNonBlank(String key) {
        String value = require(key).trim();
        if (value.isEmpty()) {
            String set = keyOf(key);
            throw new ConfigurationException(set, "Invalid value '' for %s: expected a non-empty value".formatted(set));
        }
        return value;
    }

    /**
     * @throws ConfigurationException naming the key that was set ({@link #keyOf(String)}) and the value if the value is
     *                                not an integer in range
     */
    public int getInt(String key, int defaultValue, int min, int max) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw notAnInteger(key, value.get(), min, max, e);
        }
        if (n < min || n > max) {
            throw notAnInteger(key, value.get(), min, max, null);
        }
        return n;
    }

    private ConfigurationException notAnInteger(String key, String value, int min, int max, Throwable cause) {
        String set = keyOf(key);
        return new ConfigurationException(set, "Invalid value '%s' for %s: expected an integer from %d to %d"
                .formatted(value, set, min, max), cause);
    }

    /**
     * @throws ConfigurationException naming the key that was set ({@link #keyOf(String)}) and the value if the value is
     *                                not {@code true} or {@code false}
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String v = value.get().trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        String set = keyOf(key);
        throw new ConfigurationException(set, "Invalid value '%s' for %s: expected true or false".formatted(v, set));
    }

    private String lookup(String key, boolean evenIfEmpty) {
        String value = values.get(key);
        if (value != null) {
            return value;
        }
        return evenIfEmpty ? environment.getEvenIfEmpty(key) : environment.get(key);
    }

    /**
     * @param key a key under {@code eventsourcing.}, such as {@code eventsourcing.persistence}
     * @return the key as set for this application only, such as {@code eventsourcing.DogSchool.persistence}, whether
     *         or not it is set; the key itself for settings not made for an application; for errors that say which
     *         key to set
     */
    public String ownKey(String key) {
        return applicationName == null || !key.startsWith(PREFIX) ? key
                : PREFIX + applicationName + "." + key.substring(PREFIX.length());
    }

    @Override
    public String toString() {
        return "Settings[application=" + applicationName + ", keys=" + values.keySet() + "]";
    }
}
