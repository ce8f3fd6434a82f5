package io.eventsourcing.jdbc;

/**
 * The configuration keys every database of the JDBC recorders reads, through
 * {@link io.eventsourcing.config.Settings} (so each may be set for one application only, as
 * {@code eventsourcing.DogSchool.events-table-name}). Select a database with {@code eventsourcing.persistence} = its
 * name ({@code postgres}, {@code sqlite}; each database module has its own keys) or {@code datasource}:
 *
 * <pre>{@code
 * new DogSchool(Map.of(
 *         "eventsourcing.persistence", "datasource",
 *         JdbcSettings.DATASOURCE, "java:app/jdbc/dogs"));
 * }</pre>
 *
 * <p>Durations are whole seconds, as in the Python library. A missing or invalid value fails when the application
 * starts, with a {@link io.eventsourcing.config.ConfigurationException} naming the key.
 */
public final class JdbcSettings {

    /**
     * Create the tables if they do not exist ({@code true} by default), recording which application class owns each
     * (an application whose tables another class of the same simple name owns fails to start; see
     * {@link io.eventsourcing.domain.Renamed} for a class that moved). {@code false} creates and records nothing,
     * and checks the owners only if a database records them.
     */
    public static final String CREATE_TABLE = "eventsourcing.create-table";
    /** Table of stored events; by default the application's name in lower case + {@code _events}. */
    public static final String EVENTS_TABLE_NAME = "eventsourcing.events-table-name";
    /** Table of snapshots; by default the application's name in lower case + {@code _snapshots}. */
    public static final String SNAPSHOTS_TABLE_NAME = "eventsourcing.snapshots-table-name";
    /** Table of tracking records; by default the application's name in lower case + {@code _tracking}. */
    public static final String TRACKING_TABLE_NAME = "eventsourcing.tracking-table-name";
    /** The name of a follower's dead-letters table, by default its name in lower case + {@code _dead_letters}. */
    public static final String DEAD_LETTERS_TABLE_NAME = "eventsourcing.dead-letters-table-name";
    /**
     * Table of the wrapped data keys of the subjects of personal data ({@link io.eventsourcing.domain.PersonalData}),
     * created with the events table; by default the application's name in lower case + {@code _data_keys}.
     */
    public static final String DATA_KEYS_TABLE_NAME = "eventsourcing.data-keys-table-name";
    /**
     * Table of which snapshots hold personal data of which subjects, so that forgetting a subject deletes them;
     * created with the snapshots table; by default the application's name in lower case + {@code _snapshot_subjects}.
     */
    public static final String SNAPSHOT_SUBJECTS_TABLE_NAME = "eventsourcing.snapshot-subjects-table-name";

    /**
     * The name of the container's DataSource, for {@code eventsourcing.persistence=datasource}: its JNDI name (in CDI
     * also the name of a {@code @Named} DataSource bean). Not set, the container's default DataSource (in CDI, the
     * {@code @Default} DataSource bean). See {@link io.eventsourcing.container.Container}.
     */
    public static final String DATASOURCE = "eventsourcing.datasource";

    private JdbcSettings() {
    }
}
