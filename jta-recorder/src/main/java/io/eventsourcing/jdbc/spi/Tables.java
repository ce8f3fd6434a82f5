package io.eventsourcing.jdbc.spi;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcSettings;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names of an application's tables, validated once so that configuration can never inject SQL: names are
 * plain lower-case identifiers, short enough that the constraint and index names derived from them fit
 * PostgreSQL's 63 characters.
 *
 * @param schema    the PostgreSQL schema, or {@code null} for the default (search path)
 * @param events    the unqualified name of the stored events table
 * @param snapshots the unqualified name of the snapshots table
 * @param tracking  the unqualified name of the tracking table
 * @param deadLetters the unqualified name of the dead-letters table (a follower's notifications it skipped)
 * @param dataKeys  the unqualified name of the data keys table (the wrapped keys of the subjects of personal data)
 * @param snapshotSubjects the unqualified name of the table of which snapshots hold personal data of which subjects
 */
public record Tables(String schema, String events, String snapshots, String tracking, String deadLetters,
                     String dataKeys, String snapshotSubjects) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

    /** Reads the table names: as configured, else from the application's name as the Python library does. */
    public static Tables from(Settings settings, String schemaKey) {
        String prefix = settings.applicationName() == null ? null
                : settings.applicationName().toLowerCase(Locale.ROOT);
        String schema = schemaKey == null ? null : settings.get(schemaKey).map(String::trim).orElse(null);
        if (schema != null) {
            check(settings.keyOf(schemaKey), schema, "schema name", false);
        }
        return new Tables(schema,
                name(settings, JdbcSettings.EVENTS_TABLE_NAME, prefix, "events", "stored_events"),
                name(settings, JdbcSettings.SNAPSHOTS_TABLE_NAME, prefix, "snapshots", "snapshots"),
                name(settings, JdbcSettings.TRACKING_TABLE_NAME, prefix, "tracking", "tracking"),
                name(settings, JdbcSettings.DEAD_LETTERS_TABLE_NAME, prefix, "dead_letters", "dead_letters"),
                name(settings, JdbcSettings.DATA_KEYS_TABLE_NAME, prefix, "data_keys", "data_keys"),
                name(settings, JdbcSettings.SNAPSHOT_SUBJECTS_TABLE_NAME, prefix, "snapshot_subjects",
                        "snapshot_subjects"));
    }

    private static String name(Settings settings, String key, String prefix, String suffix, String plain) {
        String configured = settings.get(key).map(String::trim).orElse(null);
        if (configured != null) {
            return check(settings.keyOf(key), configured, "table name", false);
        }
        return check(key, prefix == null ? plain : prefix + "_" + suffix, "table name", true);
    }

    private static String check(String key, String name, String what, boolean derived) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new ConfigurationException(key, ("Invalid %s '%s' for %s%s: expected a lower-case letter or"
                    + " underscore, then up to 47 lower-case letters, digits or underscores").formatted(what, name, key,
                    derived ? " (derived from the application's name; set " + key + " to choose another)" : ""));
        }
        return name;
    }

    /** @return the table's name as SQL refers to it: with the schema if one is configured */
    public String qualified(String table) {
        return schema == null ? table : schema + "." + table;
    }
}
