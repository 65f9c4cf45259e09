package fsscan.cli;

import fsscan.testutil.Db;
import fsscan.testutil.ReferenceScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs at the edges, through the real command, each checked against the reference figures. */
class ImportEdgeCasesTest {

    @TempDir
    Path dir;



    static String file(String path, long size) {
        return "<1> 1 2 0  s=" + size + " a=0 u=7 g=8 p=-rw-r--r-- ac=2025-01-01 00:00:00 -- " + path;
    }

    private Path write(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private List<Object> totals(Path db) throws Exception {
        return Db.rows(db, "SELECT total_lines, header_lines, malformed_lines, file_count, directory_count"
                + " FROM scan_metadata").get(0);
    }

    private Cli.Result importAndCompare(byte[] content, String... extra) throws Exception {
        Path scan = write("20260101_s_fs.list.list_all.log", content);
        Path db = dir.resolve("fs.db");
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"import", scan.toString(), "--db", db.toString(), "-q", "-w2"}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        Cli.Result r = Cli.run(Map.of(), args);
        assertEquals(0, r.code(), r.err());
        ReferenceScan ref = ReferenceScan.of(content);
        assertEquals(List.of(ref.lines, ref.headers, ref.malformed, ref.files, (long) ref.dirs.size()), totals(db));
        return r;
    }

    @Test
    void crlfEndingsAndALastLineWithoutNewline() throws Exception {
        String text = "[I] header\r\n" + file("/x/a", 1) + "\r\n" + file("/x/b", 2) + "\r\n" + file("/x/c", 3);
        importAndCompare(text.getBytes(StandardCharsets.UTF_8), "--chunk-size", "200");
    }

    @Test
    void anEmptyFileAndAFileOfHeadersOnly() throws Exception {
        for (byte[] scan : List.of(new byte[0], "[I] one\n[I] two\n\n# three\n".getBytes(StandardCharsets.UTF_8))) {
            String summary = importAndCompare(scan).out();
            assertTrue(summary.contains("directories     0 "), summary);
            // No share of bytes per directory for a scan without any.
            assertFalse(summary.contains("per directory"), summary);
        }
    }

    @Test
    void aLineLongerThanAChunkIsRejectedAndTheRestCounts() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((file("/x/a", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes("<1> 1 2 0  s=1 u=1 p=- -- /".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("y".repeat(3_000_000).getBytes(StandardCharsets.UTF_8));
        b.writeBytes(("\n" + file("/x/b", 2) + "\n").getBytes(StandardCharsets.UTF_8));
        Path scan = write("20260101_s_fs.list.list_all.log", b.toByteArray());
        Path db = dir.resolve("fs.db");
        Cli.Result r = Cli.run(Map.of(), "import", scan.toString(), "--db", db.toString(), "-q", "--chunk-size", "65536",
                "--max-malformed", "100%");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(3L, 0L, 1L, 2L, 1L), totals(db));
        String rejects = Files.readString(db.resolveSibling("fs.db.rejects"), StandardCharsets.ISO_8859_1);
        assertTrue(rejects.contains("\n2\tline longer than the chunk size"), rejects);
        assertTrue(rejects.length() < 10_000, "only the start of the long line is kept");
    }

    @Test
    void aParserFailureLosesOnlyTheLineThatFailed() throws Exception {
        StringBuilder text = new StringBuilder("[I] header\n");
        for (int i = 0; i < 5000; i++) {
            text.append(file("/p/d" + (i % 50) + "/f" + i, i)).append('\n');
        }
        Path scan = write("20260101_s_fs.list.list_all.log", text.toString().getBytes(StandardCharsets.UTF_8));
        Path db = dir.resolve("fs.db");
        Cli.Result r;
        System.setProperty("fsscan.test.parser-fails-on-line-containing", "/f2500");
        try {
            r = Cli.run(Map.of(), "import", scan.toString(), "--db", db.toString(), "-q", "-w", "2", "--chunk-size", "8192");
        } finally {
            System.clearProperty("fsscan.test.parser-fails-on-line-containing");
        }
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(5001L, 1L, 1L, 4999L, 50L), totals(db));
        long logical = 4999L * 5000 / 2 - 2500;
        assertEquals(logical, Db.value(db, "SELECT SUM(logical_size_nr) FROM directory_stats"));
        assertTrue(Files.readString(db.resolveSibling("fs.db.rejects")).contains("\n2502\tparser failed"));
    }

    @Test
    void theFileSystemNameAndDatabasePathFollowTheirPrecedence() throws Exception {
        Path scan = write("20251231_server9_scratch.list.list_all.log", (file("/s/a", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        Path dataDir = dir.resolve("d1");
        assertEquals(0, Cli.run(Map.of(), "import", scan.toString(), "--data-dir", dataDir.toString(), "-q").code());
        assertTrue(Files.exists(dataDir.resolve("scratch.db")));
        assertEquals("2025-12-31", Db.value(dataDir.resolve("scratch.db"), "SELECT scan_date FROM scan_metadata"));

        Path envDir = dir.resolve("d2");
        assertEquals(0, Cli.run(Map.of("FS_SCAN_DATA_DIR", envDir.toString()), "import", scan.toString(), "-q", "-f", "other").code());
        assertTrue(Files.exists(envDir.resolve("other.db")));

        Path envDb = dir.resolve("env.db");
        assertEquals(0, Cli.run(Map.of("FS_SCAN_DB", envDb.toString(), "FS_SCAN_DATA_DIR", envDir.toString()),
                "import", scan.toString(), "-q").code());
        assertTrue(Files.exists(envDb));

        Path flagDb = dir.resolve("flag.db");
        assertEquals(0, Cli.run(Map.of("FS_SCAN_DB", envDb.toString()), "import", scan.toString(), "-q", "--db",
                flagDb.toString()).code());
        assertTrue(Files.exists(flagDb));
    }

    @Test
    void userErrorsGiveOneLineAndNoDatabase() throws Exception {
        Path noName = write("scan.txt", (file("/s/a", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        Cli.Result r = Cli.run(Map.of(), "import", noName.toString(), "--data-dir", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("give it with -f NAME"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Cli.Result missing = Cli.run(Map.of(), "import", dir.resolve("20260101_s_gone.list").toString(), "--data-dir", dir.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertFalse(Files.exists(dir.resolve("gone.db")));

        assertEquals(2, Cli.run(Map.of(), "import").code(), "no SCAN is a usage error");

        Path scan = write("20260101_s_bounds.list.list_all.log", (file("/s/a", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        for (String[] bound : new String[][] {{"--chunk-size", "10"}, {"--chunks-in-flight", "0"},
                {"--db-batch-rows", "0"}, {"--max-rejects-kept", "-1"}, {"--max-malformed", "lots"}}) {
            Cli.Result bad = Cli.run(Map.of(), "import", scan.toString(), "--data-dir", dir.toString(), "-q", bound[0], bound[1]);
            assertEquals(2, bad.code(), bound[0] + " " + bound[1]);
            assertFalse(bad.err().contains("\tat "), "no stack trace: " + bad.err());
            assertFalse(Files.exists(dir.resolve("bounds.db")));
        }
        // A size as the configuration file gives it: the chunk of 64 KiB is read as such, and a size
        // that is not one is refused by name.
        Cli.Result units = Cli.run(Map.of(), "import", scan.toString(), "--data-dir", dir.toString(), "-q", "--chunk-size", "64KiB");
        assertEquals(0, units.code(), units.err());
        assertTrue(Files.exists(dir.resolve("bounds.db")));
        Files.delete(dir.resolve("bounds.db"));
        Cli.Result small = Cli.run(Map.of(), "import", scan.toString(), "--data-dir", dir.toString(), "-q", "--chunk-size", "0.01K");
        assertEquals(2, small.code(), small.err());
        assertTrue(small.err().contains("chunk-size must be at least 64 bytes"), small.err());
        Cli.Result notASize = Cli.run(Map.of(), "import", scan.toString(), "--data-dir", dir.toString(), "-q", "--chunk-size", "8 lots");
        assertEquals(2, notASize.code(), notASize.err());
        assertTrue(notASize.err().contains("'8 lots' is not a size"), notASize.err());
        assertFalse(Files.exists(dir.resolve("bounds.db")));
        String previous = System.getProperty("fsscan.import.chunk-size");
        System.setProperty("fsscan.import.chunk-size", "lots");
        try {
            Cli.Result badConfig = Cli.run(Map.of(), "import", scan.toString(), "--data-dir", dir.toString(), "-q");
            assertEquals(1, badConfig.code());
            assertTrue(badConfig.err().contains("configuration is not valid") && badConfig.err().contains("chunk-size"),
                    badConfig.err());
            assertEquals(1, badConfig.err().strip().lines().count(), badConfig.err());
            assertFalse(Files.exists(dir.resolve("bounds.db")));
        } finally {
            if (previous == null) {
                System.clearProperty("fsscan.import.chunk-size");
            } else {
                System.setProperty("fsscan.import.chunk-size", previous);
            }
        }
    }

    @Test
    void aFailureJustBeforeTheReplaceLeavesWhatWasThereAndNoTemporaryFile() throws Exception {
        Path scan = write("20260101_s_fs.list.list_all.log", (file("/s/a", 1) + "\nnot a line\n" + file("/s/b", 1) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve("out").resolve("fs.db");
        assertEquals(0, Cli.run(Map.of(), "import", scan.toString(), "--db", target.toString(), "-q", "--max-malformed", "100%")
                .code());
        byte[] before = Files.readAllBytes(target);
        // The rejects file cannot be replaced by a file when a directory stands at its name: the import
        // fails after all its work, before anything is replaced.
        Path rejects = target.resolveSibling("fs.db.rejects");
        Files.delete(rejects);
        Files.createDirectories(rejects);
        Files.writeString(rejects.resolve("keep.txt"), "precious");
        Cli.Result r = Cli.run(Map.of(), "import", scan.toString(), "--db", target.toString(), "-q", "--max-malformed", "100%");
        assertEquals(1, r.code());
        assertEquals("fsscan import: cannot replace the rejects file " + rejects + ": it is a directory; remove it and import again",
                r.err().strip());
        assertEquals("precious", Files.readString(rejects.resolve("keep.txt")));
        assertArrayEquals(before, Files.readAllBytes(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of("fs.db", "fs.db.lock", "fs.db.rejects"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "the temporary files are removed");
        }
    }

    @Test
    void aDirectoryAsTheDatabaseIsRefusedBeforeAnyWork() throws Exception {
        Path scan = write("20260101_s_fs.list.list_all.log", (file("/s/a", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve("out").resolve("fs.db");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.txt"), "precious");
        Cli.Result r = Cli.run(Map.of(), "import", scan.toString(), "--db", target.toString(), "-q");
        assertEquals(1, r.code());
        assertEquals("fsscan import: " + target + " is a directory, not a database file: fsscan writes only regular files",
                r.err().strip());
        assertEquals("precious", Files.readString(target.resolve("keep.txt")));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList(), "nothing is written beside it");
        }
    }
}
