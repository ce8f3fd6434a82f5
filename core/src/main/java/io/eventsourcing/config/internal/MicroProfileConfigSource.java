package io.eventsourcing.config.internal;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.ServiceConfigurationError;

/** Reads settings from MicroProfile Config; only loaded when the API is on the class path. */
final class MicroProfileConfigSource implements EnvironmentSource.Lookup {

    private final Config config;

    private MicroProfileConfigSource(Config config) {
        this.config = config;
    }

    /** @return a source over the current MicroProfile Config, or {@code null} if there is no implementation */
    static EnvironmentSource.Lookup tryCreate() {
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false,
                    MicroProfileConfigSource.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return new MicroProfileConfigSource(ConfigProvider.getConfig());
        } catch (RuntimeException | ServiceConfigurationError e) {
            return null;
        }
    }

    @Override
    public String get(String key) {
        return config.getOptionalValue(key, String.class).orElse(null);
    }

    /** MicroProfile Config reports an empty value as missing; its {@code ConfigValue} still holds it. */
    @Override
    public String getEvenIfEmpty(String key) {
        String value = get(key);
        return value != null ? value : config.getConfigValue(key).getValue();
    }
}
