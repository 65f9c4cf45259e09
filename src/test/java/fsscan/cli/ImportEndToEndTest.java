package fsscan.cli;

import fsscan.gen.ScanGenerator;
import fsscan.testutil.Db;
import fsscan.testutil.ReferenceScan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated scan, lines shuffled, imported by the real command with 1, 2 and 4 workers: every
 * directory's figures equal an independent reference, and the three databases are identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportEndToEndTest {

    @TempDir
    static Path dir;
    Path scan;
    ReferenceScan expected;

    @BeforeAll
    void generate() throws Exception {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        new ScanGenerator(42, 60_000, 0.003, "/gpfs/csfs1").write(generated);
        List<byte[]> lines = splitLines(generated.toByteArray());
        Collections.shuffle(lines, new Random(5));
        ByteArrayOutputStream shuffled = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            shuffled.writeBytes(l);
            shuffled.write('\n');
        }
        scan = dir.resolve("20260111_srv1_e2e.list.list_all.log");
        Files.write(scan, shuffled.toByteArray());
        expected = ReferenceScan.of(shuffled.toByteArray());
    }

    static List<byte[]> splitLines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(b, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {
    }

    private Path importWith(int workers, String... extra) {
        return importWith(workers, 65536, extra);
    }

    private Path importWith(int workers, int chunkSize, String... extra) {
        Path db = dir.resolve("w" + workers + "-" + chunkSize + "-" + extra.length + ".db");
        List<String> args = new ArrayList<>(List.of("import", scan.toString(), "--db", db.toString(),
                "-w", Integer.toString(workers), "--chunk-size", Integer.toString(chunkSize), "-q"));
        args.addAll(List.of(extra));
        Result r = run(args.toArray(new String[0]));
        assertEquals(0, r.code(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        return db;
    }

    @Test
    void everyDirectoryMatchesTheReferenceWhateverTheWorkerCount() throws Exception {
        assertTrue(expected.dirs.size() > 3000, "the scan should have a real tree: " + expected.dirs.size());
        assertTrue(expected.malformed > 50, "the scan should be dirty: " + expected.malformed);
        List<List<List<Object>>> dumps = new ArrayList<>();
        for (int workers : new int[] {1, 2, 4}) {
            Path db = importWith(workers);
            assertMatchesReference(db);
            dumps.add(dump(db));
        }
        assertEquals(dumps.get(0), dumps.get(1), "1 and 2 workers");
        assertEquals(dumps.get(0), dumps.get(2), "1 and 4 workers");
    }

    @Test
    void oneParserTinyChunksAndOneChunkInFlightGiveTheSameDatabase() throws Exception {
        Path reference = importWith(2);
        Path tiny = importWith(1, 4096, "--chunks-in-flight", "1", "--db-batch-rows", "7");
        assertEquals(dump(reference), dump(tiny));
    }

    private void assertMatchesReference(Path db) throws Exception {
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
                (long) expected.dirs.size(), "e2e", "2026-01-11"), meta);
        Path rejects = db.resolveSibling(db.getFileName() + ".rejects");
        assertEquals(expected.malformed + 1, Files.readAllLines(rejects, java.nio.charset.StandardCharsets.ISO_8859_1).size(),
                "a header line and one line per malformed line");
    }

    /** Everything an import writes except when and how fast it ran. */
    static List<List<Object>> dump(Path db) throws Exception {
        List<List<Object>> all = new ArrayList<>();
        all.addAll(Db.rows(db, "SELECT * FROM directories ORDER BY dir_id"));
        all.addAll(Db.rows(db, "SELECT * FROM directory_stats ORDER BY dir_id"));
        all.addAll(Db.rows(db, "SELECT * FROM directory_owners ORDER BY dir_id, uid, gid"));
        all.addAll(Db.rows(db, "SELECT total_lines, header_lines, malformed_lines, file_count, directory_lines,"
                + " directory_count, implied_directories, total_size, logical_size, max_depth, owner_rows FROM scan_metadata"));
        return all;
    }
}
