package fsscan.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page reader maps a database file in segments (1 GiB each in use): read with segments of one
 * page and of a few pages, a file gives the same rows, in the same order, as SQLite does, long
 * values in overflow chains crossing segments included.
 */
class PageReaderTest {

    @TempDir
    Path dir;

    @Test
    void aFileMappedInSmallSegmentsReadsAsSqliteReadsIt() throws Exception {
        Path db = dir.resolve("segments.db");
        List<String> expected = new ArrayList<>();
        int root;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 0; i < 20_000; i++) {
                    ps.setLong(1, 3L * i + 7);
                    // Most names in their leaf, every 97th long enough for an overflow chain of several pages.
                    ps.setString(2, "n" + i + "-" + "x".repeat(i % 97 == 0 ? 9_000 + i % 5_000 : i % 40));
                    ps.executeUpdate();
                }
            }
            c.commit();
            try (ResultSet rs = st.executeQuery("SELECT id, name FROM t ORDER BY id")) {
                while (rs.next()) {
                    expected.add(rs.getLong(1) + " " + rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = 't'")) {
                rs.next();
                root = rs.getInt(1);
            }
        }
        assertTrue(java.nio.file.Files.size(db) > 100 * 4096, "a file of many pages");
        for (int bits : new int[] {PageReader.SEGMENT_BITS, 12, 13, 16}) {
            List<String> read = new ArrayList<>();
            PageReader.Row row = new PageReader.Row();
            try (PageReader pages = PageReader.open(db, bits)) {
                pages.scan(root, (rowid, record, length) -> {
                    row.set(record, length);
                    read.add(rowid + " " + new String(record, row.offset(1), row.length(1), StandardCharsets.UTF_8));
                });
            }
            assertEquals(expected, read, "segments of 2^" + bits + " bytes");
        }
        assertThrows(IllegalArgumentException.class, () -> PageReader.open(db, 11).close(), "segments smaller than a page");
    }
}
