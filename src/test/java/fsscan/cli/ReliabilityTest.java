package fsscan.cli;

import fsscan.db.ScanReader;
import fsscan.testutil.TestScans;
import fsscan.testutil.Db;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults an unattended import meets: kill -9, Ctrl-C and SIGTERM, a full disk, a reader holding the
 * database open, too many malformed lines, huge lines. Each runs the real command (in a child JVM
 * where a signal or a limit is involved) and checks that what the user had is untouched.
 */
class ReliabilityTest {

    @TempDir
    static Path shared;
    static Path bigScan;
    static Path smallScan;

    @TempDir
    Path dir;

    @BeforeAll
    static void scans() throws Exception {
        bigScan = shared.resolve("20260111_srv_big.list.list_all.log");
        Files.write(bigScan, TestScans.generate(3, 400_000, 0, "/gpfs/fs"));
        smallScan = shared.resolve("20250101_srv_small.list.list_all.log");
        Files.write(smallScan, TestScans.generate(4, 2_000, 0, "/gpfs/fs"));
    }



    /** A database imported from the small scan: what the user "had" before each fault. */
    private Path previousDatabase() {
        return TestScans.importInto(smallScan, dir.resolve("fs.db"));
    }

    /** The real command in a child JVM; stderr lines arrive on the returned queue as they are written. */
    private static Process child(List<String> jvmArgs, BlockingQueue<String> stderr, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            // A shell that starts jobs in the background leaves SIGINT ignored, children inherit it, and a
            // JVM started so never sees Ctrl-C: reset it to the default, as a terminal would have it.
            cmd.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\";"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "fsscan.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        return start(cmd, stderr);
    }

    private static Process start(List<String> cmd, BlockingQueue<String> stderr) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                }
            } catch (java.io.IOException e) {
                stderr.add("(stderr closed: " + e + ")");
            }
            stderr.add(END);
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /** Waits until the child writes a matching stderr line (fails if it exits first). */
    private static void awaitLine(Process p, BlockingQueue<String> stderr, Predicate<String> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = stderr.poll(50, TimeUnit.MILLISECONDS);
            if (line != null && match.test(line)) {
                return;
            }
            if (line == null && !p.isAlive() && stderr.isEmpty()) {
                throw new AssertionError("the import ended before the point to interrupt it (exit " + p.exitValue() + ")");
            }
        }
        throw new AssertionError("no such line on stderr within 60 s");
    }

    /** Waits (30 s at most) until a file whose name starts with {@code prefix} is in {@code dir}. */
    private static void awaitFile(Path dir, String prefix, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.anyMatch(f -> f.getFileName().toString().startsWith(prefix))) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no file " + prefix + "* appeared in " + dir);
    }

    /** What the child wrote on stderr, once its reader has seen the end of it (30 s at most). */
    private static String awaitAll(BlockingQueue<String> stderr) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = stderr.poll(30, TimeUnit.SECONDS)) != null && !line.equals(END); ) {
            lines.add(line);
        }
        return String.join("\n", lines);
    }

    private static final String END = "\u0000end of stderr";

    private static List<Path> leftovers(Path db) throws Exception {
        try (Stream<Path> files = Files.list(db.getParent())) {
            return files.filter(f -> f.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    private static final List<String> SLOW_WRITER_WITH_PROGRESS = List.of("-Dfsscan.import.progress-interval=20ms");

    @Test
    void killDashNineWhileParsingAndWhileWritingLeavesThePreviousDatabase() throws Exception {
        Path db = previousDatabase();
        byte[] before = Files.readAllBytes(db);
        String[][] points = {{"reading", "lines/s"}, {"writing", "writing directories"}};
        for (String[] point : points) {
            BlockingQueue<String> err = new LinkedBlockingQueue<>();
            Process p = child(SLOW_WRITER_WITH_PROGRESS, err, "import", bigScan.toString(), "--db", db.toString(), "-w", "1",
                    "--db-batch-rows", "5", "--chunk-size", "1048576");
            awaitLine(p, err, l -> l.contains(point[1]));
            String temp = "fs.db.tmp-" + p.pid() + "-";
            awaitFile(db.getParent(), temp, p); // the writer creates its file on its own thread
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), point[0]);
            assertArrayEquals(before, Files.readAllBytes(db), "killed while " + point[0] + ": the database is unchanged");
            try (ScanReader r = ScanReader.open(db)) {
                assertEquals("2025-01-01", r.scanDate(), "and it still opens");
            }
            List<Path> left = leftovers(db);
            assertFalse(left.isEmpty(), "the killed import's files are left");
            assertTrue(left.stream().allMatch(f -> f.getFileName().toString().startsWith(temp)), left.toString());
        }
        // The next import cleans up what the killed ones left.
        assertEquals(0, Cli.run("import", smallScan.toString(), "--db", db.toString(), "-q").code());
        assertEquals(List.of(), leftovers(db));
    }

    @Test
    void sigtermAndSigintStopQuicklyRemoveTheTemporaryFileAndSaySo() throws Exception {
        Path db = previousDatabase();
        byte[] before = Files.readAllBytes(db);
        String[][] signals = {{"TERM", "143"}, {"INT", "130"}};
        for (String[] signal : signals) {
            BlockingQueue<String> err = new LinkedBlockingQueue<>();
            Process p = child(SLOW_WRITER_WITH_PROGRESS, err, "import", bigScan.toString(), "--db", db.toString(), "-w", "1",
                    "--chunk-size", "1048576");
            awaitLine(p, err, l -> l.contains("lines/s"));
            assertEquals(0, new ProcessBuilder("kill", "-" + signal[0], Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(Integer.parseInt(signal[1]), p.exitValue(), "SIG" + signal[0]);
            List<String> lines = new ArrayList<>(err);
            assertTrue(lines.stream().anyMatch(l -> l.contains("interrupted") && l.contains("left as it was")), lines.toString());
            assertEquals(List.of(), leftovers(db), "SIG" + signal[0] + ": the temporary file is removed");
            assertArrayEquals(before, Files.readAllBytes(db));
        }
    }

    @Test
    void aFullDiskIsAClearErrorAndThePreviousDatabaseStays() throws Exception {
        Path db = previousDatabase();
        byte[] before = Files.readAllBytes(db);
        // A file size limit (ulimit -f, in KiB) set for the child makes its writes fail like a full disk:
        // 2 MiB lets sqlite-jdbc unpack its 1 MiB library, not the 3.5 MiB database be written.
        List<String> cmd = List.of("bash", "-c", "ulimit -f 2048; exec \"$0\" -cp \"$1\" fsscan.cli.Main import \"$2\" --db \"$3\" -q",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"),
                bigScan.toString(), db.toString());
        BlockingQueue<String> err = new LinkedBlockingQueue<>();
        Process p = start(cmd, err);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        String message = awaitAll(err);
        assertTrue(message.startsWith("fsscan import: cannot write " + db + ".tmp-"), message);
        assertTrue(message.contains("is the disk full") && message.contains(db + " is left as it was"), message);
        assertEquals(1, message.lines().count(), message);
        assertArrayEquals(before, Files.readAllBytes(db));
        assertEquals(List.of(), leftovers(db));
    }

    @Test
    void aReaderKeepsItsViewUntilItReopens() throws Exception {
        Path db = previousDatabase();
        try (ScanReader open = ScanReader.open(db)) {
            long oldDirectories = open.summary().directories();
            assertEquals(0, Cli.run("import", bigScan.toString(), "--db", db.toString(), "-q").code(), "the import completes");
            assertEquals(oldDirectories, open.summary().directories(), "the open reader still sees the old scan");
            assertEquals("2025-01-01", open.scanDate());
            try (ScanReader reopened = ScanReader.open(db)) {
                assertEquals("2026-01-11", reopened.scanDate(), "a new reader sees the new scan");
                assertTrue(reopened.summary().directories() > oldDirectories);
            }
        }
    }

    @Test
    void maxMalformedStopsTheImportAndKeepsThePreviousDatabase() throws Exception {
        Path db = previousDatabase();
        byte[] before = Files.readAllBytes(db);
        Path scan = TestScans.write(dir, "20260202_s_fs.list.list_all.log", TestScans.generate(9, 20_000, 0.05, "/gpfs/fs"));

        Cli.Result count = Cli.run("import", scan.toString(), "--db", db.toString(), "-q", "--max-malformed", "100");
        assertEquals(1, count.code());
        assertTrue(count.err().startsWith("fsscan import: too many malformed lines: ") && count.err().contains("more than"
                + " --max-malformed 100 allows"), count.err());
        Cli.Result share = Cli.run("import", scan.toString(), "--db", db.toString(), "-q", "--max-malformed", "1%");
        assertEquals(1, share.code());
        assertTrue(share.err().contains("--max-malformed 1.0% allows"), share.err());
        assertArrayEquals(before, Files.readAllBytes(db));
        assertEquals(List.of(), leftovers(db));

        assertEquals(0, Cli.run("import", scan.toString(), "--db", db.toString(), "-q", "--max-malformed", "10%").code(),
                "about 5 % is within 10 %");
        assertEquals(2, Cli.run("import", scan.toString(), "--db", db.toString(), "--max-malformed", "lots").code());
    }

    @Test
    void theRejectsFileIsCappedAndSaysSo() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("<1> 1 2 0  s=x").append(i).append(" u=1 p=- -- /bad\n");
            text.append("<1> 1 2 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- -- /ok/f").append(i).append('\n');
        }
        Path scan = dir.resolve("20260101_s_capped.list.list_all.log");
        Files.writeString(scan, text.toString());
        Path db = dir.resolve("capped.db");
        Cli.Result r = Cli.run("import", scan.toString(), "--db", db.toString(), "--max-rejects-kept", "5",
                "--max-malformed", "100%");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(the first 5 of them; all are counted)"), r.out());
        List<String> rejects = Files.readAllLines(db.resolveSibling("capped.db.rejects"));
        assertEquals(6, rejects.size());
        assertTrue(rejects.get(0).contains("100 malformed lines, the first 5 kept"), rejects.get(0));
        assertEquals(List.of("1", "3", "5", "7", "9"), rejects.subList(1, 6).stream().map(l -> l.split("\t")[0]).toList());
        assertEquals(List.of(200L, 100L, 100L), Db.rows(db, "SELECT total_lines, malformed_lines, file_count FROM scan_metadata").get(0));
    }

    @Test
    void tenMegabyteLinesAreRejectedInBoundedMemory() throws Exception {
        Path scan = dir.resolve("20260101_s_huge.list.list_all.log");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(scan))) {
            out.write("<1> 1 2 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- -- /ok/first\n".getBytes(StandardCharsets.UTF_8));
            byte[] junk = new byte[10 << 20];
            Arrays.fill(junk, (byte) 'y');
            out.write("<1> 1 2 0  s=1 u=1 p=- -- /".getBytes(StandardCharsets.UTF_8));
            out.write(junk);
            out.write("\n<1> 1 2 0  s=2 a=0 u=1 g=1 p=-rw-r--r-- -- /ok/second\n".getBytes(StandardCharsets.UTF_8));
            out.write(junk); // the last line: 10 MB and no newline
        }
        Path db = dir.resolve("huge.db");
        BlockingQueue<String> err = new LinkedBlockingQueue<>();
        // 64 MiB of heap for 20 MB of lines: only a chunk at a time is ever held.
        Process p = child(List.of("-Xmx64m"), err, "import", scan.toString(), "--db", db.toString(), "-q",
                "--chunk-size", "1048576", "-w", "1", "--max-malformed", "100%");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", err));
        assertEquals(List.of(4L, 2L, 2L), Db.rows(db, "SELECT total_lines, malformed_lines, file_count FROM scan_metadata").get(0));
    }

    @Test
    void queryPathsWithQuotesAndNewlinesMatchLiterally() throws Exception {
        // Names with '"' and a newline can only come from an escaped list (ESCAPE '%').
        String scan = "<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /odd/say%22hi%22\n"
                + "<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /odd/two%0Alines\n"
                + "<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /odd/twoXlines\n";
        Path file = dir.resolve("20260101_s_esc.list.list_all.log");
        Files.writeString(file, scan);
        Path db = dir.resolve("esc.db");
        assertEquals(0, Cli.run("import", file.toString(), "--db", db.toString(), "-q", "--escaped").code());
        for (String name : List.of("say\"hi\"", "two\nlines")) {
            Cli.Result r = Cli.run("query", "--db", db.toString(), "--format", "json", "-P", "/odd/" + name);
            assertEquals(0, r.code(), r.err());
            assertEquals(1, r.out().split("\"path\":").length - 1, r.out());
            assertTrue(r.out().contains(name.replace("\"", "\\\"").replace("\n", "\\n")), r.out());
        }
    }

    @Test
    void anOlderDatabaseIsAClearMessage() throws Exception {
        Path db = previousDatabase();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("UPDATE scan_metadata SET schema_version = 1");
        }
        Cli.Result r = Cli.run("query", "--db", db.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("written by another version of fsscan") && r.err().contains("import the scan again"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
