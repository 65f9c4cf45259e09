package fsscan.cli;

import fsscan.gen.ScanGenerator;
import fsscan.testutil.Db;
import fsscan.testutil.Expectations;
import fsscan.testutil.ReferenceScan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated scan, lines shuffled, imported by the real command with 1, 2 and 4 workers (and as
 * many accumulator threads): every directory's figures equal an independent reference, and the
 * three databases are identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportEndToEndTest {

    @TempDir
    static Path dir;
    Path scan;
    Path windowScan;
    ReferenceScan expected;

    private static List<String> sorted(List<byte[]> lines) {
        return lines.stream().map(l -> new String(l, java.nio.charset.StandardCharsets.ISO_8859_1)).sorted().toList();
    }

    @BeforeAll
    void generate() throws Exception {
        // The generator's random order: its lines in a uniformly random order (no directory locality).
        ByteArrayOutputStream shuffled = new ByteArrayOutputStream();
        new ScanGenerator(42, 60_000, 0.003, "/gpfs/csfs1").order(ScanGenerator.Order.RANDOM).write(shuffled);
        scan = dir.resolve("20260111_srv1_e2e.list.list_all.log");
        Files.write(scan, shuffled.toByteArray());
        expected = ReferenceScan.of(shuffled.toByteArray());
        ByteArrayOutputStream inWindows = new ByteArrayOutputStream();
        new ScanGenerator(42, 60_000, 0.003, "/gpfs/csfs1").write(inWindows);
        windowScan = dir.resolve("20260111_srv1_window.list.list_all.log");
        Files.write(windowScan, inWindows.toByteArray());
        List<byte[]> a = splitLines(shuffled.toByteArray());
        List<byte[]> b = splitLines(inWindows.toByteArray());
        assertEquals(sorted(b), sorted(a), "random order holds the window order's very lines");
        assertTrue(!java.util.Arrays.equals(shuffled.toByteArray(), inWindows.toByteArray()), "in another order");
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



    private Path importWith(int workers, String... extra) {
        return importWith(workers, 65536, extra);
    }

    private Path importWith(int workers, int chunkSize, String... extra) {
        Path db = dir.resolve("w" + workers + "-" + chunkSize + "-" + extra.length + ".db");
        List<String> args = new ArrayList<>(List.of("import", scan.toString(), "--db", db.toString(),
                "-w", Integer.toString(workers), "--chunk-size", Integer.toString(chunkSize), "-q"));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        return db;
    }

    /**
     * --stats says how the lines came: a directory's files spread over more chunks in random order
     * than in window order, read in chunks of the same size; at least one (every group is a
     * directory's files of one owner in one chunk), and no more chunks batched than merged.
     */
    @Test
    void statsTellHowFarApartADirectorysFilesCame() {
        double random = chunksAFileCameIn(scan);
        double window = chunksAFileCameIn(windowScan);
        assertTrue(window >= 1 && random > 1.4 * window, "random " + random + ", window " + window);
    }

    private double chunksAFileCameIn(Path list) {
        Path db = dir.resolve("order-" + list.getFileName() + ".db");
        Cli.Result r = Cli.run("import", list.toString(), "--db", db.toString(), "--chunk-size", "1MiB", "-q", "--stats");
        assertEquals(0, r.code(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^  line order      a directory's files of one owner came in ([\\d.]+) chunks on average \\(1: all together\\);"
                        + " ([\\d,]+) of ([\\d,]+) chunks sorted in batches$").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Long.parseLong(m.group(2).replace(",", "")) <= Long.parseLong(m.group(3).replace(",", "")), m.group());
        assertTrue(Long.parseLong(m.group(3).replace(",", "")) >= 10, "a scan of 15 MB in chunks of 1 MiB: " + m.group());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void everyDirectoryMatchesTheReferenceWhateverTheWorkerCount() throws Exception {
        assertTrue(expected.dirs.size() > 3000, "the scan should have a real tree: " + expected.dirs.size());
        assertTrue(expected.malformed > 50, "the scan should be dirty: " + expected.malformed);
        List<List<List<Object>>> dumps = new ArrayList<>();
        for (int workers : new int[] {1, 2, 4}) {
            // As many accumulator threads as workers: its batches applied by 1, 2 and 4 partitions.
            Path db = importWith(workers, "--accumulator-threads", Integer.toString(workers));
            assertMatchesReference(db);
            dumps.add(dump(db));
        }
        assertEquals(dumps.get(0), dumps.get(1), "1 and 2 workers");
        assertEquals(dumps.get(0), dumps.get(2), "1 and 4 workers");
        Path window = dir.resolve("window.db");
        Cli.Result r = Cli.run("import", windowScan.toString(), "--db", window.toString(), "-w", "2", "--chunk-size", "65536", "-q");
        assertEquals(0, r.code(), r.err());
        List<List<Object>> w = dump(window);
        // Line numbers differ in the rejects file only; every figure is the same in both orders.
        assertEquals(dumps.get(0), w, "the same database from the window order");
    }

    @Test
    void oneParserTinyChunksAndOneChunkInFlightGiveTheSameDatabase() throws Exception {
        Path reference = importWith(2);
        Path tiny = importWith(1, 4096, "--chunks-in-flight", "1", "--db-batch-rows", "7");
        assertEquals(dump(reference), dump(tiny));
    }

    private void assertMatchesReference(Path db) throws Exception {
        Expectations.assertMatches(expected, db, "e2e", "2026-01-11");
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
