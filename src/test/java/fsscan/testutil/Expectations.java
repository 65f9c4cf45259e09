package fsscan.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An imported database checked directory by directory against the reference figures. */
public final class Expectations {

    private Expectations() {
    }

    public static void assertMatches(ReferenceScan expected, Path db, String filesystem, String scanDate) throws Exception {
        // The pages fsscan writes itself are a database SQLite finds whole: every b-tree, every
        // index entry against its row.
        assertEquals(List.of(List.of("ok")), Db.rows(db, "PRAGMA integrity_check"), "SQLite's integrity check");
        // Every directory found through the index on (parent_id, name), as path lookups do.
        assertEquals(List.of(List.of(0L)), Db.rows(db, "SELECT COUNT(*) FROM directories d WHERE NOT EXISTS (SELECT 1 FROM"
                + " directories x INDEXED BY idx_directories_parent_name WHERE x.parent_id IS d.parent_id AND x.name = d.name"
                + " AND x.dir_id = d.dir_id)"));
        Map<Long, String> paths = Db.paths(db);
        Map<String, List<Object>> actual = new HashMap<>();
        for (List<Object> r : Db.rows(db, "SELECT dir_id, file_count_nr, total_size_nr, logical_size_nr, dir_count_nr,"
                + " max_atime_nr, file_count_r, total_size_r, logical_size_r, dir_count_r, max_atime_r, owner_uid, owner_gid"
                + " FROM directory_stats")) {
            actual.put(paths.get((Long) r.get(0)), new ArrayList<>(r.subList(1, r.size())));
        }
        assertEquals(expected.dirs.keySet(), actual.keySet(), "the same directories");
        for (Map.Entry<String, ReferenceScan.Dir> e : expected.dirs.entrySet()) {
            assertEquals(ReferenceScan.row(e.getValue()), actual.get(e.getKey()), e.getKey());
        }
        // Depth is the number of '/' in the full path; a subtree is the id range [dir_id, last_id].
        for (List<Object> r : Db.rows(db, "SELECT d.dir_id, d.depth, d.last_id, s.dir_count_r FROM directories d"
                + " JOIN directory_stats s USING (dir_id)")) {
            String p = paths.get((Long) r.get(0));
            assertEquals(p.chars().filter(c -> c == '/').count(), (long) (Long) r.get(1), p);
            assertEquals((Long) r.get(0) + (Long) r.get(3), r.get(2), p);
        }
        // Per-owner rows add up to each directory's own figures and to each user's files.
        assertEquals(List.of(), Db.rows(db, "SELECT s.dir_id FROM directory_stats s LEFT JOIN"
                + " (SELECT dir_id, SUM(file_count) f, SUM(total_size) t FROM directory_owners GROUP BY dir_id) o"
                + " USING (dir_id) WHERE COALESCE(o.f, 0) != s.file_count_nr OR COALESCE(o.t, 0) != s.total_size_nr"));
        for (List<Object> r : Db.rows(db, "SELECT uid, SUM(file_count), SUM(total_size) FROM directory_owners GROUP BY uid")) {
            long[] u = expected.perUid.get((Long) r.get(0));
            assertEquals(List.of(u[0], u[1]), r.subList(1, 3), "uid " + r.get(0));
        }
        List<Object> meta = Db.rows(db, "SELECT total_lines, header_lines, malformed_lines, file_count, directory_count,"
                + " filesystem, scan_date FROM scan_metadata").get(0);
        assertEquals(List.of(expected.lines, expected.headers, expected.malformed, expected.files,
                (long) expected.dirs.size(), filesystem, scanDate), meta);
        if (expected.malformed > 0) {
            Path rejects = db.resolveSibling(db.getFileName() + ".rejects");
            assertEquals(expected.malformed + 1, Files.readAllLines(rejects, java.nio.charset.StandardCharsets.ISO_8859_1).size(),
                    "a header line and one line per malformed line");
        }
    }

}
