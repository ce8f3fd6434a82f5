package io.eventsourcing.bench.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The server time of one numbering statement (what the library's sequencer runs after commits), for three ways to
 * write it, side by side on one server: each numbers the 50 rows of 5 ten-event saves just inserted into a table
 * holding {@code bench.rows} (100,000) numbered rows, {@code bench.iterations} (1,000) times per round after a
 * warm-up round, 3 rounds, the ways interleaved.
 * <ul>
 * <li>{@code key}: the rows found through the primary key, twice (the library before {@code d39c59e});</li>
 * <li>{@code ctid}: the rows found where the insert put them (the {@code ctid}s it returned), key and missing id
 * checked, numbered in the order given (the library before issue 10);</li>
 * <li>{@code ordered}: as {@code ctid}, and each aggregate's earlier versions without ids looked for (one index
 * probe per aggregate not new) and taken along, rows ordered by {@code insert_seq} within their transaction and the
 * transactions by their last {@code insert_seq}, the table holding {@code insert_seq} and {@code insert_xact}, planned
 * without sequential scans and hash or merge joins (the library now);</li>
 * <li>{@code side}: no update; the ids inserted into a narrow side table (readers would have to join it).</li>
 * </ul>
 * {@code bench.rows=0} starts from an empty table, as an application does: the plans the server caches then are
 * made for a small table. Run with {@code synchronous_commit=off} so that the figure is the statement, not the disk flush:
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec@postgres \
 *     -Dbench.main=io.eventsourcing.bench.postgres.NumberingCost -Dbench.args="bench.synchronous-commit=off"
 * </pre>
 */
public final class NumberingCost {

    private static final int SAVES = 5;
    private static final int EVENTS = 10;
    private static final String[] WAYS = {"key", "ctid", "ordered", "side"};
    private static final String LOCK = "SELECT pg_advisory_xact_lock(42);\n";

    private NumberingCost() {
    }

    public static void main(String[] args) throws Exception {
        PostgresSideBySide.setProperties(args);
        int rows = Integer.getInteger("bench.rows", 100_000);
        int iterations = Integer.getInteger("bench.iterations", 1_000);
        try (Server server = Server.start();
             Connection connection = DriverManager.getConnection(server.url(null), server.user, server.password)) {
            System.out.println("PostgreSQL: " + server.describe());
            for (String way : WAYS) {
                server.execute(
                        "DROP TABLE IF EXISTS numbering_" + way + ", numbering_side_ids",
                        "CREATE TABLE numbering_" + way + " (originator_id uuid NOT NULL,"
                                + " originator_version integer NOT NULL, topic text NOT NULL, state bytea NOT NULL,"
                                + " notification_id bigint," + (way.equals("ordered")
                                ? " insert_seq bigint GENERATED ALWAYS AS IDENTITY,"
                                + " insert_xact xid8 NOT NULL DEFAULT pg_current_xact_id()," : "")
                                + " PRIMARY KEY (originator_id, originator_version))",
                        "CREATE UNIQUE INDEX ON numbering_" + way + " (notification_id)",
                        "INSERT INTO numbering_" + way + " SELECT gen_random_uuid(), 1, 'bench.Dog$Registered',"
                                + " convert_to(repeat('x', 120), 'UTF8'), " + (way.equals("side") ? "NULL" : "g")
                                + " FROM generate_series(1, " + rows + ") AS g",
                        "VACUUM ANALYZE numbering_" + way);
            }
            server.execute("CREATE TABLE numbering_side_ids (notification_id bigint PRIMARY KEY,"
                            + " originator_id uuid NOT NULL, originator_version integer NOT NULL,"
                            + " UNIQUE (originator_id, originator_version))",
                    "INSERT INTO numbering_side_ids SELECT row_number() OVER (), originator_id, originator_version"
                            + " FROM numbering_side");
            long[] nanos = new long[WAYS.length];
            for (int round = 0; round <= 3; round++) {
                for (int w = 0; w < WAYS.length; w++) {
                    long spent = run(connection, WAYS[w], round == 0 ? iterations / 5 : iterations);
                    if (round > 0) {
                        nanos[w] += spent;
                    }
                }
            }
            for (int w = 0; w < WAYS.length; w++) {
                System.out.printf(Locale.ROOT, "%-5s %7.1f us per statement numbering %d rows   %s / key = %.2f%n",
                        WAYS[w], nanos[w] / 1_000.0 / (3.0 * iterations), SAVES * EVENTS, WAYS[w],
                        (double) nanos[w] / nanos[0]);
            }
        }
    }

    private static String statement(String way) {
        String table = "numbering_" + way;
        String max = "(SELECT COALESCE(max(notification_id), 0) AS max_id FROM " + table + ") AS m";
        return switch (way) {
            case "key" -> LOCK + "UPDATE " + table + " AS t SET notification_id = m.max_id + n.rn FROM"
                    + " (SELECT e.originator_id, e.originator_version, row_number() OVER (ORDER BY e.ord) AS rn"
                    + " FROM unnest(?::uuid[], ?::integer[]) WITH ORDINALITY"
                    + " AS e(originator_id, originator_version, ord)"
                    + " WHERE (SELECT u.notification_id IS NULL FROM " + table + " AS u"
                    + " WHERE u.originator_id = e.originator_id AND u.originator_version = e.originator_version))"
                    + " AS n, " + max
                    + " WHERE t.originator_id = n.originator_id AND t.originator_version = n.originator_version";
            case "ctid" -> LOCK + "UPDATE " + table + " AS t SET notification_id = m.max_id + n.rn FROM"
                    + " (SELECT e.tid, row_number() OVER (ORDER BY e.ord) AS rn"
                    + " FROM unnest(?::tid[], ?::uuid[], ?::integer[]) WITH ORDINALITY"
                    + " AS e(tid, originator_id, originator_version, ord)"
                    + " WHERE (SELECT u.notification_id IS NULL AND u.originator_id = e.originator_id"
                    + " AND u.originator_version = e.originator_version FROM " + table + " AS u WHERE u.ctid = e.tid)"
                    + ") AS n, " + max + " WHERE t.ctid = n.tid";
            case "ordered" -> "SELECT pg_advisory_xact_lock(42), set_config('enable_seqscan', 'off', true),"
                    + " set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true);\n"
                    + "WITH RECURSIVE b AS MATERIALIZED (SELECT tid, originator_id,"
                    + " originator_version, grp, seq, lag(originator_version) OVER (PARTITION BY originator_id"
                    + " ORDER BY originator_version) AS below FROM (SELECT e.tid, e.originator_id, e.originator_version,"
                    + " e.grp, (SELECT r.insert_seq FROM " + table + " AS r WHERE r.ctid = e.tid"
                    + " AND r.notification_id IS NULL AND r.originator_id = e.originator_id"
                    + " AND r.originator_version = e.originator_version) AS seq"
                    + " FROM unnest(?::tid[], ?::uuid[], ?::integer[], ?::integer[])"
                    + " AS e(tid, originator_id, originator_version, grp) OFFSET 0) AS f WHERE seq IS NOT NULL),"
                    + " w(tid, originator_id, originator_version, seq, xact, below, start) AS ("
                    + "SELECT tid, originator_id, originator_version, seq, NULL::xid8, below, true FROM b"
                    + " WHERE originator_version > 1 AND (below IS NULL OR below <> originator_version - 1)"
                    + " UNION ALL SELECT q.ctid, q.originator_id, q.originator_version, q.insert_seq, q.insert_xact,"
                    + " w.below, false FROM w, LATERAL (SELECT r.ctid, r.originator_id, r.originator_version,"
                    + " r.insert_seq, r.insert_xact, r.notification_id FROM " + table + " AS r"
                    + " WHERE r.originator_id = w.originator_id AND r.originator_version < w.originator_version"
                    + " ORDER BY r.originator_version DESC LIMIT 1) AS q"
                    + " WHERE q.notification_id IS NULL AND (w.below IS NULL OR q.originator_version > w.below)),"
                    + " n AS (SELECT s.tid, row_number() OVER (ORDER BY s.last, s.seq) AS rn FROM ("
                    + "SELECT tid, seq, max(seq) OVER (PARTITION BY grp) AS last FROM b"
                    + " UNION ALL SELECT tid, seq, max(seq) OVER (PARTITION BY xact) FROM w WHERE NOT start) AS s)"
                    + " UPDATE " + table + " AS t SET notification_id = m.max_id + n.rn FROM n, " + max
                    + " WHERE t.ctid = n.tid";
            default -> LOCK + "INSERT INTO numbering_side_ids (notification_id, originator_id, originator_version)"
                    + " SELECT m.max_id + e.ord, e.originator_id, e.originator_version"
                    + " FROM unnest(?::uuid[], ?::integer[]) WITH ORDINALITY"
                    + " AS e(originator_id, originator_version, ord),"
                    + " (SELECT COALESCE(max(notification_id), 0) AS max_id FROM numbering_side_ids) AS m";
        };
    }

    /** @return the nanoseconds the numbering statements took (the inserts before each are not counted) */
    private static long run(Connection connection, String way, int iterations) throws SQLException {
        long spent = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO numbering_" + way
                + " (originator_id, originator_version, topic, state) SELECT e.originator_id, e.originator_version,"
                + " 'bench.Dog$TrickAdded', e.state FROM unnest(?::uuid[], ?::integer[], ?::bytea[])"
                + " AS e(originator_id, originator_version, state) RETURNING ctid");
             PreparedStatement number = connection.prepareStatement(statement(way))) {
            for (int i = 0; i < iterations; i++) {
                List<String> tids = new ArrayList<>();
                UUID[] ids = new UUID[SAVES * EVENTS];
                Integer[] versions = new Integer[SAVES * EVENTS];
                for (int save = 0; save < SAVES; save++) {
                    UUID id = UUID.randomUUID();
                    byte[][] states = new byte[EVENTS][];
                    for (int e = 0; e < EVENTS; e++) {
                        ids[save * EVENTS + e] = id;
                        versions[save * EVENTS + e] = e + 1;
                        states[e] = new byte[120];
                    }
                    insert.setArray(1, connection.createArrayOf("uuid",
                            Arrays.copyOfRange(ids, save * EVENTS, save * EVENTS + EVENTS)));
                    insert.setArray(2, connection.createArrayOf("int4",
                            Arrays.copyOfRange(versions, save * EVENTS, save * EVENTS + EVENTS)));
                    insert.setArray(3, connection.createArrayOf("bytea", states));
                    try (ResultSet results = insert.executeQuery()) {
                        while (results.next()) {
                            tids.add(results.getString(1));
                        }
                    }
                }
                int index = 1;
                if (way.equals("ctid") || way.equals("ordered")) {
                    number.setArray(index++, connection.createArrayOf("tid", tids.toArray()));
                }
                number.setArray(index, connection.createArrayOf("uuid", ids));
                number.setArray(index + 1, connection.createArrayOf("int4", versions));
                if (way.equals("ordered")) {
                    Integer[] transactions = new Integer[SAVES * EVENTS];
                    for (int k = 0; k < transactions.length; k++) {
                        transactions[k] = k / EVENTS;
                    }
                    number.setArray(index + 2, connection.createArrayOf("int4", transactions));
                }
                long start = System.nanoTime();
                number.execute();
                spent += System.nanoTime() - start;
            }
        }
        return spent;
    }
}
