package fsscan.db;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Indexes and WITHOUT ROWID tables written as pages by {@link IndexPages} are what SQLite makes
 * of the same entries: SQLite's integrity check (which also matches every index entry against its
 * table row) passes, lookups through the interior pages find every key, SQLite writes on after.
 */
class IndexPagesTest {

    @TempDir
    Path dir;

    /** (id, parent or NULL, name) rows; names sometimes far longer than a page keeps. */
    private static List<Object[]> rows(int count, boolean huge, long seed) {
        Random r = new Random(seed);
        List<Object[]> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Object parent = r.nextInt(20) == 0 ? null : (Object) (long) r.nextInt(Math.max(1, count / 7));
            int len = huge && r.nextInt(4) == 0 ? 900 + r.nextInt(12_000) : 1 + r.nextInt(30);
            StringBuilder name = new StringBuilder();
            for (int k = 0; k < len; k++) {
                name.append(k % 40 == 3 ? '\u00e9' : (char) ('a' + r.nextInt(3)));
            }
            // Unique (parent, name): the id makes it so.
            out.add(new Object[] {(long) i, parent, name.append('#').append(i).toString()});
        }
        return out;
    }

    private static final Comparator<Object[]> BY_KEY = (a, b) -> {
        if (a[1] == null || b[1] == null) {
            if (a[1] != b[1]) {
                return a[1] == null ? -1 : 1;
            }
        } else if (!a[1].equals(b[1])) {
            return Long.compare((Long) a[1], (Long) b[1]);
        }
        int c = Arrays.compareUnsigned(((String) a[2]).getBytes(StandardCharsets.UTF_8), ((String) b[2]).getBytes(StandardCharsets.UTF_8));
        return c != 0 ? c : Long.compare((Long) a[0], (Long) b[0]);
    };

    @ParameterizedTest(name = "{0} entries")
    @ValueSource(ints = {0, 1, 2, 300, 40_000, 250_000, -1, -40, -5_000})
    void anIndexAndAWithoutRowidTableAsPagesAreWhatSqliteMakes(int n) throws Exception {
        boolean huge = n < 0;
        List<Object[]> rows = rows(Math.abs(n), huge, n);
        Path db = dir.resolve("i.db");
        int indexRoot;
        int tableRoot;
        int dirsRoot;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            // dirs and its index made empty, both filled from pages below, as an import does.
            st.execute("CREATE TABLE dirs (id INTEGER PRIMARY KEY, parent INTEGER, name TEXT NOT NULL)");
            st.execute("CREATE UNIQUE INDEX by_name ON dirs (parent, name)");
            st.execute("CREATE TABLE keyed (parent INTEGER NOT NULL, name TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " PRIMARY KEY (parent, name)) WITHOUT ROWID");
            st.execute("CREATE TABLE reference (parent INTEGER NOT NULL, name TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " PRIMARY KEY (parent, name)) WITHOUT ROWID");
            c.setAutoCommit(false);
            try (PreparedStatement ref = c.prepareStatement("INSERT INTO reference VALUES (?, ?, ?)")) {
                for (Object[] row : rows) {
                    if (row[1] != null) {
                        ref.setObject(1, row[1]);
                        ref.setObject(2, row[2]);
                        ref.setObject(3, row[0]);
                        ref.executeUpdate();
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'dirs'")) {
                dirsRoot = rs.getInt(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'by_name'")) {
                indexRoot = rs.getInt(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'keyed'")) {
                tableRoot = rs.getInt(1);
            }
        }
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort(BY_KEY);
        Files.createFile(dir.resolve("dirs"));
        try (RowidPages table = new RowidPages(dir.resolve("dirs"), 4096)) {
            Object[] flat = new Object[rows.size() * 3];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, flat, 3 * i, 3);
            }
            TestRecords.addAll(table, flat, 3);
            table.appendTo(db, dirsRoot);
        }
        Files.createFile(dir.resolve("index"));
        Files.createFile(dir.resolve("keyed"));
        try (IndexPages index = new IndexPages(dir.resolve("index"), 4096);
             IndexPages keyed = new IndexPages(dir.resolve("keyed"), 4096)) {
            BtreePages.Record rec = new BtreePages.Record();
            for (Object[] row : sorted) {
                rec.reset();
                TestRecords.value(rec, row[1]);
                TestRecords.value(rec, row[2]);
                TestRecords.value(rec, row[0]);
                index.add(rec);
                if (row[1] != null) {
                    keyed.add(rec);
                }
            }
            index.appendTo(db, indexRoot);
            keyed.appendTo(db, tableRoot);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertEquals("ok", one(st, "PRAGMA integrity_check"));
            long keyedRows = rows.stream().filter(r -> r[1] != null).count();
            assertEquals(keyedRows, ((Number) one(st, "SELECT COUNT(*) FROM keyed")).longValue());
            assertEquals(0L, ((Number) one(st, "SELECT COUNT(*) FROM (SELECT * FROM keyed EXCEPT SELECT * FROM reference)")).longValue());
            assertEquals(0L, ((Number) one(st, "SELECT COUNT(*) FROM (SELECT * FROM reference EXCEPT SELECT * FROM keyed)")).longValue());
            // Every name found through the index (a search down the interior pages), and through the keyed table.
            try (PreparedStatement byIndex = c.prepareStatement("SELECT id FROM dirs INDEXED BY by_name WHERE parent IS ? AND name = ?");
                 PreparedStatement byKey = c.prepareStatement("SELECT id FROM keyed WHERE parent = ? AND name = ?")) {
                for (int i = 0; i < rows.size(); i += Math.max(1, rows.size() / 500)) {
                    Object[] row = rows.get(i);
                    byIndex.setObject(1, row[1]);
                    byIndex.setObject(2, row[2]);
                    try (ResultSet rs = byIndex.executeQuery()) {
                        assertEquals(row[0], rs.getLong(1), "found through the index: " + i);
                    }
                    if (row[1] != null) {
                        byKey.setObject(1, row[1]);
                        byKey.setObject(2, row[2]);
                        try (ResultSet rs = byKey.executeQuery()) {
                            assertEquals(row[0], rs.getLong(1), "found by its key: " + i);
                        }
                    }
                }
            }
            // SQLite goes on writing both.
            st.execute("INSERT INTO dirs VALUES (" + (rows.size() + 1) + ", 3, 'another')");
            st.execute("INSERT INTO keyed VALUES (3, 'another', 0)");
            assertEquals("ok", one(st, "PRAGMA integrity_check"));
        }
    }

    /**
     * Entries of one size, so that every count from 1 to past two full leaves ends a leaf at every
     * place: the entry after a full leaf, the last one among them.
     */
    @org.junit.jupiter.api.Test
    void everyWayTheLastLeafCanEnd() throws Exception {
        for (int n = 1; n <= 130; n++) {
            Path db = dir.resolve("b" + n + ".db");
            int root;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE k (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a)) WITHOUT ROWID");
                try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 'k'")) {
                    root = rs.getInt(1);
                }
            }
            Path pagesFile = Files.createFile(dir.resolve("b" + n));
            try (IndexPages pages = new IndexPages(pagesFile, 4096)) {
                BtreePages.Record rec = new BtreePages.Record();
                for (int i = 0; i < n; i++) {
                    rec.reset();
                    rec.integer(1000 + i);
                    rec.text("x".repeat(90).getBytes(StandardCharsets.UTF_8));
                    pages.add(rec);
                }
                pages.appendTo(db, root);
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                assertEquals("ok", one(st, "PRAGMA integrity_check"), n + " entries");
                assertEquals((long) n, ((Number) one(st, "SELECT COUNT(*) FROM k")).longValue());
                for (int i = 0; i < n; i++) {
                    assertEquals(1L, ((Number) one(st, "SELECT COUNT(*) FROM k WHERE a = " + (1000 + i))).longValue(),
                            n + " entries, found by its key: " + i);
                }
            }
        }
    }

    private static Object one(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.getObject(1);
        }
    }
}
