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
import java.util.Collections;
import java.util.List;
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
