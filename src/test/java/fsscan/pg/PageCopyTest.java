package fsscan.pg;

import fsscan.db.PageReader;
import fsscan.testutil.TestScans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publish reads a database's tables from its pages: the COPY stream is the same, byte for byte,
 * as reading through SQLite, and a file or a value the page reader does not expect is turned
 * down (publish then reads that table through SQLite).
 */
class PageCopyTest {

    @TempDir
    Path dir;

    private static final String[][] TABLES = {
        {"scan_metadata", null}, {"owner_names", "kind, id"}, {"directories", "dir_id"},
        {"directory_stats", "dir_id"}, {"directory_owners", "dir_id, uid, gid"},
    };

    private static byte[][] both(Path db, String table, String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Publisher.Columns cols = Publisher.Columns.of(c, table);
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            long viaSql;
            long viaPages;
            try (BinaryCopy out = new BinaryCopy(a)) {
                viaSql = Publisher.streamSql(c, table, key, cols, out);
            }
            try (BinaryCopy out = new BinaryCopy(b)) {
                viaPages = Publisher.streamPages(c, db, table, cols, out);
            }
            assertEquals(viaSql, viaPages, table + ": rows");
            return new byte[][] {a.toByteArray(), b.toByteArray()};
        }
    }

    @Test
    void everyTableReadFromItsPagesIsWhatSqliteReads() throws Exception {
        // Long names (overflow pages), odd bytes, a multi-level tree of each table.
        Path db = TestScans.imported(dir, "20260111_s_pages.list", TestScans.generate(31, 30_000, 0.002, "/gpfs/pages"), "p.db");
        assertSameBothWays(db, "as imported");
    }

    private static void assertSameBothWays(Path db, String what) throws Exception {
        assertSameBothWays(db, what, TABLES);
    }

    /** Each table, {name, key}, reads the same from its pages as through SQLite. */
    private static void assertSameBothWays(Path db, String what, String[][] tables) throws Exception {
        for (String[] t : tables) {
            byte[][] s = both(db, t[0], t[1]);
            assertTrue(s[0].length > 20, t[0] + " has rows");
            assertArrayEquals(s[0], s[1], t[0] + ", " + what);
        }
    }

    /** After {@code change}, the page reader turns {@code table} down, naming what it found. */
    private static void assertTurnedDown(Path db, String change, String table, String named) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute(change);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Publisher.Columns cols = Publisher.Columns.of(c, table);
            PageReader.Unreadable e = assertThrows(PageReader.Unreadable.class,
                    () -> Publisher.streamPages(c, db, table, cols, new BinaryCopy(new ByteArrayOutputStream())));
            assertTrue(e.getMessage().contains(named), e.getMessage());
        }
    }

    @Test
    void aDatabaseChangedBySqliteAfterwardsStillReadsTheSame() throws Exception {
        Path db = TestScans.imported(dir, "20260111_s_changed.list", TestScans.generate(32, 5_000, 0, "/gpfs/changed"), "c.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            // SQLite's own pages among fsscan's: rows added, removed, long values that overflow, a vacuum.
            st.execute("DELETE FROM directory_stats WHERE dir_id % 7 = 0");
            st.execute("UPDATE directories SET name = name || '" + "x".repeat(6000) + "' WHERE dir_id % 97 = 0");
            st.execute("INSERT INTO directory_owners SELECT dir_id, uid + 100000, gid, file_count, total_size, logical_size,"
                    + " max_atime, zeroblob(3000), size_histogram FROM directory_owners WHERE dir_id % 5 = 0");
        }
        assertSameBothWays(db, "changed");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("VACUUM");
        }
        assertSameBothWays(db, "vacuumed");
    }

    @Test
    void whatThePageReaderDoesNotExpectIsTurnedDown() throws Exception {
        Path db = TestScans.imported(dir, "20260111_s_odd.list", TestScans.generate(33, 2_000, 0, "/gpfs/odd"), "o.db");
        // A text where an integer is declared: SQLite converts it on reading; the page reader does not guess.
        assertTurnedDown(db, "UPDATE directory_stats SET file_count_nr = 'many' WHERE dir_id = 3", "directory_stats",
                "file_count_nr");
        // A write-ahead log in use: the pages in the file may not be the table's.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
        }
        PageReader.Unreadable wal = assertThrows(PageReader.Unreadable.class, () -> PageReader.open(db).close());
        assertTrue(wal.getMessage().contains("journal") || wal.getMessage().contains("write-ahead"), wal.getMessage());
    }

    @Test
    void tablesOfOtherShapesReadTheSameWays() throws Exception {
        // Not fsscan's own tables: a WITHOUT ROWID key declared after other columns (its record
        // starts with the key), an INTEGER PRIMARY KEY in second place (the rowid), REAL columns
        // holding integers and reals, NULLs, text and blobs, every integer size.
        Path db = dir.resolve("shapes.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE keyed_last (note TEXT, weight REAL, data BLOB, k2 TEXT NOT NULL, k1 INTEGER NOT NULL,"
                    + " PRIMARY KEY (k1, k2)) WITHOUT ROWID");
            st.execute("CREATE TABLE rowid_second (label TEXT, id INTEGER PRIMARY KEY, amount INTEGER, ratio REAL)");
            long[] sizes = {0, 1, -1, 127, -128, 32767, -40000, 8_388_607, 2_000_000_000L, -140_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
            try (var ins = c.prepareStatement("INSERT INTO keyed_last VALUES (?, ?, ?, ?, ?)");
                 var ins2 = c.prepareStatement("INSERT INTO rowid_second VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 3000; i++) {
                    ins.setString(1, i % 5 == 0 ? null : "note " + i + "x".repeat(i % 700));
                    if (i % 3 == 0) {
                        ins.setLong(2, sizes[i % sizes.length]);
                    } else {
                        ins.setDouble(2, i / 7.0);
                    }
                    ins.setBytes(3, i % 4 == 0 ? null : new byte[i % 1500]);
                    ins.setString(4, "k" + (i % 37));
                    ins.setLong(5, sizes[i % sizes.length] / 3 + i);
                    ins.executeUpdate();
                    ins2.setString(1, "r" + i);
                    ins2.setLong(2, i * 3L + 1);
                    ins2.setLong(3, sizes[i % sizes.length]);
                    if (i % 6 == 0) {
                        ins2.setNull(4, java.sql.Types.REAL);
                    } else {
                        ins2.setDouble(4, -i / 3.0);
                    }
                    ins2.executeUpdate();
                }
            }
        }
        assertSameBothWays(db, "other shapes", new String[][] {{"keyed_last", "k1, k2"}, {"rowid_second", "id"}});
        assertTurnedDown(db, "UPDATE keyed_last SET data = 'text, not a blob' WHERE k2 = 'k20' AND data IS NOT NULL",
                "keyed_last", "keyed_last.data");
    }
}
