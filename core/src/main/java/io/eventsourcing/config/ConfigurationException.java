package io.eventsourcing.config;

/**
 * A configuration value is missing or invalid. The message and {@link #key()} name the key, so that the
 * application fails at start-up saying what to fix.
 */
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigurationException(String key, String message) {
        this(key, message, null);
    }

    public ConfigurationException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** @return the configuration key whose value is missing or invalid */
    public String key() {
        return key;
    }
}
