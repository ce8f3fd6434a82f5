package io.eventsourcing.sqlite;

import io.eventsourcing.config.ConfigurationException;
import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a SQLite database file holds of personal data: never the values in plain text, and after the subject is
 * forgotten (and the write-ahead log checkpointed into the file) not its wrapped data key either, which
 * {@code secure_delete} overwrote, nor the snapshots that held their data; a snapshot an application without
 * snapshots could not delete reads as none. A master key replaced by another: the applications of the new one start
 * only with the old one listed as a previous key, until the data keys are wrapped anew.
 */
class SqlitePersonalDataFileIT {

    private static final String NAME = "Zebedee Quintavalle-Hargreaves";
    private static final String EMAIL = "zebedee.quintavalle@example.org";
    private static final String NEW_KEY = Base64.getEncoder().encodeToString(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @Test
    void the_file_never_holds_personal_data_in_plain_text_nor_a_forgotten_subjects_key() throws Exception {
        Path file = TestSqlite.freshFile();
        try (Club club = new Club(keyed(file))) {
            UUID person = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            Member member = new Member(person, NAME, EMAIL, "Croquet");
            Member kept = new Member(other, "Someone Else", "else@example.org", "Chess");
            club.save(member, kept);

            checkpoint(file);
            byte[] wrapped = wrappedKey(file, "club_data_keys", person);
            byte[] keptKey = wrappedKey(file, "club_data_keys", other);
            assertThat(contains(file, wrapped)).as("the key is in the file before the subject is forgotten").isTrue();
            assertThat(contains(file, "Croquet".getBytes(StandardCharsets.UTF_8)))
                    .as("the plain part of the state is in the file").isTrue();
            assertThat(contains(file, NAME.getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(contains(file, EMAIL.getBytes(StandardCharsets.UTF_8))).isFalse();

            club.forget(person);
            checkpoint(file);

            assertThat(contains(file, wrapped)).as("the forgotten subject's key is overwritten").isFalse();
            assertThat(contains(file, keptKey)).as("another subject's key stays").isTrue();
            assertThat(contains(file, NAME.getBytes(StandardCharsets.UTF_8))).isFalse();
            Member forgotten = club.repository().get(member.id());
            assertThat(forgotten.name()).isNull();
            assertThat(forgotten.email()).isEqualTo("(forgotten)");
            assertThat(forgotten.club()).isEqualTo("Croquet");
            assertThat(club.repository().<Member>get(kept.id()).name()).isEqualTo("Someone Else");
        }
    }

    @Test
    void a_forgotten_subjects_snapshots_are_deleted_and_overwritten_in_the_file() throws Exception {
        Path file = TestSqlite.freshFile();
        Map<String, String> settings = keyed(file);
        settings.put(Settings.SNAPSHOTTING, "true");
        try (Club club = new Club(settings)) {
            UUID person = UUID.randomUUID();
            Member member = new Member(person, NAME, EMAIL, "Croquet");
            Member kept = new Member(UUID.randomUUID(), "Someone Else", "else@example.org", "Chess");
            club.save(member, kept);
            club.takeSnapshot(member.id());
            club.takeSnapshot(kept.id());
            checkpoint(file);
            byte[] snapshot = snapshotState(file, member.id());
            byte[] keptSnapshot = snapshotState(file, kept.id());
            assertThat(contains(file, snapshot)).isTrue();

            club.forget(person);
            checkpoint(file);

            assertThat(contains(file, snapshot)).as("the snapshot's row is deleted and overwritten").isFalse();
            assertThat(contains(file, keptSnapshot)).as("another subject's snapshot stays").isTrue();
            Member forgotten = club.repository().get(member.id());
            assertThat(forgotten.applied()).as("rebuilt from its events").isEqualTo(1);
            assertThat(forgotten.name()).isNull();
            assertThat(club.repository().<Member>get(kept.id()).applied()).as("from its snapshot").isZero();
        }
    }

    @Test
    void a_snapshot_that_an_application_without_snapshots_left_reads_as_none_once_its_subject_is_forgotten()
            throws Exception {
        Path file = TestSqlite.freshFile();
        Map<String, String> snapshotting = keyed(file);
        snapshotting.put(Settings.SNAPSHOTTING, "true");
        UUID person = UUID.randomUUID();
        Member member = new Member(person, NAME, EMAIL, "Croquet");
        try (Club club = new Club(snapshotting)) {
            club.save(member);
            club.takeSnapshot(member.id());
        }
        try (Club club = new Club(keyed(file))) {           // snapshotting off: its snapshots are not deleted
            club.forget(person);
        }
        checkpoint(file);
        byte[] snapshot = snapshotState(file, member.id());

        try (Club club = new Club(snapshotting)) {
            Member forgotten = club.repository().get(member.id());
            assertThat(forgotten.applied()).as("rebuilt from its events, the snapshot read as none").isEqualTo(1);
            assertThat(forgotten.name()).isNull();
            assertThat(forgotten.email()).isEqualTo("(forgotten)");
        }
        assertThat(contains(file, NAME.getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(new String(snapshot, StandardCharsets.ISO_8859_1)).as("sealed whole with the deleted key")
                .doesNotContain(EMAIL).doesNotContain("Croquet");
    }

    @Test
    void a_new_master_key_starts_only_with_the_old_one_listed_and_after_wrapping_the_keys_anew_needs_it_no_more()
            throws Exception {
        Path file = TestSqlite.freshFile();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Member alices = new Member(alice, NAME, EMAIL, "Croquet");
        Member bobs = new Member(bob, "Bob", "bob@example.org", "Chess");
        try (Club club = new Club(keyed(file))) {
            club.save(alices, bobs);
        }
        byte[] before = wrappedKey(file, "club_data_keys", alice);
        Map<String, String> rotated = keyed(file);
        rotated.put(Settings.CIPHER_KEY, NEW_KEY);

        assertThatThrownBy(() -> new Club(rotated))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(Settings.CIPHER_KEY)
                .hasMessageContaining(Settings.CIPHER_PREVIOUS_KEYS);

        Map<String, String> rotating = new HashMap<>(rotated);
        rotating.put(Settings.CIPHER_PREVIOUS_KEYS, keyed(file).get(Settings.CIPHER_KEY));
        try (Club club = new Club(rotating)) {
            assertThat(club.repository().<Member>get(alices.id()).name()).isEqualTo(NAME);
            assertThat(club.rewrapDataKeys()).isEqualTo(2);
            Member carol = new Member(UUID.randomUUID(), "Carol", "carol@example.org", "Bridge");
            club.save(carol);
        }
        assertThat(wrappedKey(file, "club_data_keys", alice)).as("wrapped anew").isNotEqualTo(before);
        try (Club club = new Club(rotated)) {
            assertThat(club.repository().<Member>get(alices.id()).name()).isEqualTo(NAME);
            assertThat(club.repository().<Member>get(bobs.id()).email()).isEqualTo("bob@example.org");
            assertThat(club.rewrapDataKeys()).isZero();
        }
        assertThatThrownBy(() -> new Club(keyed(file)))
                .as("the old key alone no longer matches the check value")
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void the_keys_are_stored_in_the_table_their_setting_names() throws Exception {
        Path file = TestSqlite.freshFile();
        Map<String, String> settings = keyed(file);
        settings.put(JdbcSettings.DATA_KEYS_TABLE_NAME, "member_keys");
        try (Club club = new Club(settings)) {
            UUID person = UUID.randomUUID();
            club.save(new Member(person, NAME, EMAIL, "Croquet"));

            assertThat(wrappedKey(file, "member_keys", person)).isNotEmpty();
        }
    }

    private static Map<String, String> keyed(Path file) {
        Map<String, String> settings = new HashMap<>(TestSqlite.settings());
        settings.put(SqliteSettings.DBNAME, file.toString());
        settings.put(Settings.CIPHER_KEY, Base64.getEncoder().encodeToString(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        settings.put(Settings.CIPHER_ENCRYPT_STATES, "false");
        return settings;
    }

    /** Copies the write-ahead log into the file and empties it. */
    private static void checkpoint(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).as("the checkpoint was not blocked").isZero();
        }
        Path wal = Path.of(file + "-wal");
        assertThat(!Files.exists(wal) || wal.toFile().length() == 0).as("the log is empty").isTrue();
    }

    private static byte[] wrappedKey(Path file, String table, UUID subject) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT wrapped FROM " + table + " WHERE hex(subject_id) = ?")) {
            select.setString(1, subject.toString().replace("-", "").toUpperCase(Locale.ROOT));
            try (ResultSet results = select.executeQuery()) {
                assertThat(results.next()).as("a key for " + subject).isTrue();
                return results.getBytes(1);
            }
        }
    }

    private static byte[] snapshotState(Path file, UUID aggregate) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT state FROM club_snapshots WHERE hex(originator_id) = ?")) {
            select.setString(1, aggregate.toString().replace("-", "").toUpperCase(Locale.ROOT));
            try (ResultSet results = select.executeQuery()) {
                assertThat(results.next()).as("a snapshot of " + aggregate).isTrue();
                return results.getBytes(1);
            }
        }
    }

    private static boolean contains(Path file, byte[] wanted) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        outer:
        for (int i = 0; i <= bytes.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
