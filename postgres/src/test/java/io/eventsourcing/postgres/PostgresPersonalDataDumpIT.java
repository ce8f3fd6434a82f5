package io.eventsourcing.postgres;

import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.tck.Club;
import io.eventsourcing.persistence.tck.Member;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a PostgreSQL database holds of personal data, looked for as someone with a dump of it or its files would:
 * the personal values are never there, neither as text nor as the hex a dump writes for {@code bytea}, before or after
 * their subject is forgotten, while a value that is not personal is found (so the search can find things); after
 * forgetting, the subject's wrapped data key is gone from the dump, another subject's stays, and the forgotten
 * member reads back without its personal data.
 *
 * <p>Why not literally {@code pg_dump}: the embedded server of the tests (zonky) is PostgreSQL 17 and ships no
 * {@code pg_dump}, and the machine's {@code pg_dump} (15) refuses a newer server. The data section of a
 * {@code pg_dump} is one {@code COPY <table> TO STDOUT} per table, so this test runs exactly that (pgjdbc's
 * {@link CopyManager}) for every table of the application's schema. It also reads, after a {@code CHECKPOINT}, every
 * file under the server's {@code base/} (the tables) and {@code pg_wal/} (the write-ahead log) as bytes.
 *
 * <p>Not asserted, as it is how PostgreSQL deletes: after forgetting (and a checkpoint) the files
 * still hold the forgotten subject's wrapped key, in the deleted row left in its page until a vacuum reuses it and in
 * the write-ahead log. It is sealed with the master key, and useless without it.
 */
class PostgresPersonalDataDumpIT {

    private static final String NAME = "Zebedee Quackenbush";
    private static final String EMAIL = "zebedee@example.org";
    private static final String NOTE = "keeps vermilion flamingos";
    private static final String OTHER_NAME = "Philomena Brackenbury";
    private static final String OTHER_EMAIL = "philomena@example.org";
    /** Not personal: stored readable, as {@code eventsourcing.cipher.encrypt-states=false}. */
    private static final String CLUB = "Croquetteers";

    @Test
    void neither_a_dump_nor_the_data_files_hold_personal_data_and_forgetting_removes_the_key_from_the_dump()
            throws Exception {
        Map<String, String> settings = keyed();
        String schema = settings.get(PostgresSettings.SCHEMA);
        UUID person = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Member member = new Member(person, NAME, EMAIL, CLUB);
        member.note(NOTE);
        Member kept = new Member(other, OTHER_NAME, OTHER_EMAIL, CLUB);
        try (Club club = new Club(settings)) {
            club.save(member, kept);
            club.takeSnapshot(member.id());
            club.takeSnapshot(kept.id());

            String forgottenKey = hex(wrappedKey(schema, person));
            String keptKey = hex(wrappedKey(schema, other));
            String dump = dump(schema);
            assertThat(dump).as("the dump, control: the club's name, as hex of its bytes in a bytea state")
                    .contains(hex(CLUB));
            assertThat(dump).as("the dump, control: both wrapped keys").contains(forgottenKey, keptKey);
            assertThat(personalIn(dump)).as("personal values in the dump before forgetting").isEmpty();
            Set<String> inFiles = inDataFiles();
            assertThat(inFiles).as("the data files, control: the club's name").contains(CLUB);
            assertThat(inFiles).as("personal values in the data files before forgetting").containsOnly(CLUB);

            club.forget(person);

            dump = dump(schema);
            assertThat(dump).as("the dump after forgetting, control: the club's name").contains(hex(CLUB));
            assertThat(dump).as("the forgotten subject's wrapped key").doesNotContain(forgottenKey);
            assertThat(dump).as("another subject's wrapped key").contains(keptKey);
            assertThat(personalIn(dump)).as("personal values in the dump after forgetting").isEmpty();
            inFiles = inDataFiles();
            assertThat(inFiles).as("the data files after forgetting, control: the club's name").contains(CLUB);
            assertThat(inFiles).as("personal values in the data files after forgetting").containsOnly(CLUB);

            assertForgottenAndKept(club, member, kept);
        }
        try (Club fresh = new Club(settings)) {
            assertForgottenAndKept(fresh, member, kept);
        }
    }

    private static void assertForgottenAndKept(Club club, Member member, Member kept) {
        Member forgotten = club.repository().get(member.id());
        assertThat(forgotten.name()).isNull();
        assertThat(forgotten.email()).isEqualTo("(forgotten)");
        assertThat(forgotten.club()).isEqualTo(CLUB);
        assertThat(forgotten.note()).as("its subject is the membership, not the person").isEqualTo(NOTE);
        Member other = club.repository().get(kept.id());
        assertThat(other.name()).isEqualTo(OTHER_NAME);
        assertThat(other.email()).isEqualTo(OTHER_EMAIL);
        assertThat(other.club()).isEqualTo(CLUB);
    }

    private static Map<String, String> keyed() {
        Map<String, String> settings = new HashMap<>(TestPostgres.settings());
        settings.put(Settings.CIPHER_KEY, Base64.getEncoder().encodeToString(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        settings.put(Settings.CIPHER_ENCRYPT_STATES, "false");
        settings.put(Settings.SNAPSHOTTING, "true");
        return settings;
    }

    /** @return the personal values found in the dump, as text or as the hex of their UTF-8 bytes */
    private static List<String> personalIn(String dump) {
        List<String> found = new ArrayList<>();
        for (String value : List.of(NAME, EMAIL, NOTE, OTHER_NAME, OTHER_EMAIL)) {
            if (dump.contains(value)) {
                found.add(value + " (text)");
            }
            if (dump.contains(hex(value))) {
                found.add(value + " (hex)");
            }
        }
        return found;
    }

    /**
     * The data section of a {@code pg_dump} of the schema: {@code COPY <table> TO STDOUT} (text format, which writes a
     * {@code bytea} as {@code \\x} and lower case hex) for each of its tables.
     */
    private static String dump(String schema) throws SQLException, IOException {
        try (Connection connection = connect()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT table_name FROM"
                    + " information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'"
                    + " ORDER BY table_name")) {
                select.setString(1, schema);
                try (ResultSet results = select.executeQuery()) {
                    while (results.next()) {
                        tables.add(results.getString(1));
                    }
                }
            }
            assertThat(tables).as("the tables of " + schema).contains("club_events", "club_snapshots",
                    "club_data_keys");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            StringWriter dump = new StringWriter();
            for (String table : tables) {
                dump.append("COPY ").append(schema).append('.').append(table).append(" FROM stdin;\n");
                copy.copyOut("COPY \"" + schema + "\".\"" + table + "\" TO STDOUT", dump);
                dump.append("\\.\n");
            }
            return dump.toString();
        }
    }

    /**
     * @return which of the personal values and the club's name are found, as UTF-8 bytes, in any file under the
     *         server's {@code base/} and {@code pg_wal/}, after a checkpoint wrote every changed page to its file
     */
    private static Set<String> inDataFiles() throws SQLException, IOException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String value : List.of(NAME, EMAIL, NOTE, OTHER_NAME, OTHER_EMAIL, CLUB)) {
            // each byte a char: String.indexOf searches the bytes
            wanted.put(value, new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        Path data = TestPostgres.dataDirectory();
        assertThat(data.resolve("base")).as("the embedded server's data directory").isDirectory();
        Set<String> found = new TreeSet<>();
        long[] read = new long[1];
        for (Path dir : List.of(data.resolve("base"), data.resolve("pg_wal"))) {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(file);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        return FileVisitResult.CONTINUE;   // a temporary file the server removed meanwhile
                    }
                    read[0] += bytes.length;
                    String text = new String(bytes, StandardCharsets.ISO_8859_1);
                    wanted.forEach((value, asBytes) -> {
                        if (text.contains(asBytes)) {
                            found.add(value);
                        }
                    });
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        }
        assertThat(read[0]).as("bytes read from the data files").isPositive();
        return found;
    }

    private static byte[] wrappedKey(String schema, UUID subject) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT wrapped FROM \"" + schema + "\".club_data_keys WHERE subject_id = ?")) {
            select.setObject(1, subject);
            try (ResultSet results = select.executeQuery()) {
                assertThat(results.next()).as("a key for " + subject).isTrue();
                return results.getBytes(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
    }

    private static String hex(String value) {
        return hex(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
