package io.eventsourcing.persistence.internal;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where settings come from when the application was not given them: MicroProfile Config if an implementation is
 * on the class path, else system properties, then environment variables named as MicroProfile Config names them
 * ({@code eventsourcing.DogSchool.persistence} as {@code EVENTSOURCING_DOGSCHOOL_PERSISTENCE}).
 */
public final class EnvironmentSource {

    private EnvironmentSource() {
    }

    public static UnaryOperator<String> detect() {
        UnaryOperator<String> config = MicroProfileConfigSource.tryCreate();
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
