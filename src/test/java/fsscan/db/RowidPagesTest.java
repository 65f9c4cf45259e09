package fsscan.db;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tables written as pages by {@link RowidPages} are what SQLite itself makes of the same rows:
 * the same values back, SQLite's integrity check passes, and SQLite goes on writing the file.
 */
class RowidPagesTest {

    @TempDir
    Path dir;

    /** Rows of (rowid, int, int, text, blob, int) with NULLs, extreme integers and, where asked, payloads over a page. */
    private static List<Object[]> rows(int count, boolean huge, long seed) {
        Random r = new Random(seed);
        long[] edges = {0, 1, -1, 127, 128, -128, -129, 32767, 32768, 8388607, 8388608, 2147483647L, 2147483648L,
            -2147483649L, 0x7FFFFFFFFFFFL, 0x800000000000L, Long.MAX_VALUE, Long.MIN_VALUE};
        List<Object[]> out = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < count; i++) {
            id += 1 + (r.nextInt(10) == 0 ? r.nextInt(1000) : 0);
            Object a = r.nextInt(7) == 0 ? null : (Object) edges[r.nextInt(edges.length)];
            Object b = r.nextBoolean() ? (Object) (long) r.nextInt(100) : (Object) r.nextLong();
            int len = huge && r.nextInt(5) == 0 ? 4000 + r.nextInt(20_000) : r.nextInt(40);
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < len; k++) {
                text.append(k % 50 == 0 ? '\u00e9' : (char) ('a' + r.nextInt(26)));
            }
            byte[] blob = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(30)];
            r.nextBytes(blob);
            out.add(new Object[] {id, a, b, text.toString(), blob, r.nextInt(3) == 0 ? null : (Object) (int) i});
        }
        return out;
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {0, 1, 2, 150, 5_000, 200_000, -1, -30, -3_000})
    void pagesHoldWhatSqliteWouldAndSqliteAgrees(int n) throws Exception {
        boolean huge = n < 0; // negative: with payloads that overflow the page
        List<Object[]> rows = rows(Math.abs(n), huge, n);
        Path db = dir.resolve("t.db");
        String ddl = "(id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, t TEXT NOT NULL, x BLOB NOT NULL, c INTEGER)";
        int root;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE before_it (k INTEGER PRIMARY KEY, v TEXT)");
            st.execute("INSERT INTO before_it VALUES (1, 'one')");
            st.execute("CREATE TABLE pages " + ddl);
            st.execute("CREATE TABLE sqlite " + ddl);
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO sqlite VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        ins.setObject(i + 1, row[i]);
                    }
                    ins.executeUpdate();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'pages'")) {
                root = rs.getInt(1);
            }
        }
        Path leaves = dir.resolve("leaves");
        Files.createFile(leaves);
        try (RowidPages pages = new RowidPages(leaves, 4096)) {
            // In batches, as a writer gets them.
            for (int from = 0; from < rows.size(); from += 777) {
                List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + 777));
                Object[] flat = new Object[part.size() * 6];
                for (int i = 0; i < part.size(); i++) {
                    System.arraycopy(part.get(i), 0, flat, 6 * i, 6);
                }
                TestRecords.addAll(pages, flat, 6);
            }
            pages.appendTo(db, root);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertEquals("ok", rs.getString(1));
            }
            assertEquals(Math.abs(n), count(st, "SELECT COUNT(*) FROM pages"));
            assertEquals(0, count(st, "SELECT COUNT(*) FROM (SELECT * FROM pages EXCEPT SELECT * FROM sqlite)"));
            assertEquals(0, count(st, "SELECT COUNT(*) FROM (SELECT * FROM sqlite EXCEPT SELECT * FROM pages)"));
            // Types as SQLite stores them, and lookups through the interior pages.
            assertEquals(0, count(st, "SELECT COUNT(*) FROM pages p JOIN sqlite s USING (id) WHERE typeof(p.a) <> typeof(s.a)"
                    + " OR typeof(p.t) <> typeof(s.t) OR typeof(p.x) <> typeof(s.x) OR p.t <> s.t"));
            if (!rows.isEmpty()) {
                Object[] mid = rows.get(rows.size() / 2);
                try (ResultSet rs = st.executeQuery("SELECT t FROM pages WHERE id = " + mid[0])) {
                    assertTrue(rs.next());
                    assertEquals(mid[3], rs.getString(1));
                }
            }
            // SQLite goes on using the file: more rows, an index, the table before it untouched.
            st.execute("INSERT INTO pages (id, t, x) VALUES (9223372036854775807, 'last', x'00')");
            st.execute("CREATE INDEX pages_t ON pages (t)");
            st.execute("INSERT INTO before_it VALUES (2, 'two')");
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertEquals("ok", rs.getString(1));
            }
            assertEquals(2, count(st, "SELECT COUNT(*) FROM before_it"));
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 127, 128, 16383, 16384, 1L << 35, (1L << 56) - 1, 1L << 56, Long.MAX_VALUE, -1})
    void varintsAreSqlites(long v) {
        byte[] b = new byte[9];
        int end = RowidPages.putVarint(b, 0, v);
        assertEquals(RowidPages.varintLength(v), end);
        // Decoded as SQLite does: 7 bits a byte while the high bit is set, the ninth byte whole.
        long x = 0;
        int i = 0;
        for (; i < 8; i++) {
            x = (x << 7) | (b[i] & 0x7f);
            if ((b[i] & 0x80) == 0) {
                break;
            }
        }
        if (i == 8) {
            x = (x << 8) | (b[8] & 0xff);
        }
        assertEquals(v, x, Arrays.toString(b));
    }
}
