package io.eventsourcing.config.internal;

import java.util.Locale;

/**
 * Where settings come from when the application was not given them: MicroProfile Config if an implementation is
 * on the class path, else system properties, then environment variables named as MicroProfile Config names them
 * ({@code eventsourcing.DogSchool.persistence} as {@code EVENTSOURCING_DOGSCHOOL_PERSISTENCE}).
 */
public final class EnvironmentSource {

    /** Values by key. */
    @FunctionalInterface
    public interface Lookup {

        /** @return the value, or {@code null} if the key is not set (in MicroProfile Config, also if it is empty) */
        String get(String key);

        /**
         * @return the value, also an empty one that the source reports as not set (MicroProfile Config does), or
         *         {@code null}: for keys whose empty value must not pass for no value, such as a missing secret
         */
        default String getEvenIfEmpty(String key) {
            return get(key);
        }
    }

    private EnvironmentSource() {
    }

    public static Lookup detect() {
        Lookup config = MicroProfileConfigSource.tryCreate();
        return config != null ? config : EnvironmentSource::systemOrEnvironment;
    }

    static String systemOrEnvironment(String key) {
        String value = System.getProperty(key);
        return value != null ? value : System.getenv(environmentName(key));
    }

    /** @return the environment variable for a key: non-alphanumerics become underscores, letters upper case */
    public static String environmentName(String key) {
        StringBuilder name = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            name.append(Character.isLetterOrDigit(c) ? c : '_');
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }
}
