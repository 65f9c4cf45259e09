package fsscan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fsscan.db.ScanReader;
import fsscan.testutil.TestScans;
import fsscan.testutil.Child;
import fsscan.testutil.Db;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input, hostile surroundings and cron: each case runs the real command and checks that
 * no data is lost, no wrong answer is given, and the user reads one line that says what to do.
 */
class SafetyTest {

    @TempDir
    static Path shared;
    /** A good scan of 2026-01-11 rooted at /gpfs/fs, and the database the user already has from it. */
    static Path scan;
    static byte[] scanBytes;

    @TempDir
    Path dir;

    @BeforeAll
    static void scans() throws Exception {
        scan = shared.resolve("20260111_srv_fs.list.list_all.log");
        scanBytes = TestScans.generate(5, 3_000, 0, "/gpfs/fs");
        Files.write(scan, scanBytes);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private Path goodDatabase() {
        return TestScans.importInto(scan, dir.resolve("data").resolve("fs.db"));
    }

    private Path write(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** One line on stderr that starts with {@code start}, exit 1, and the database unchanged. */
    private static void refused(Cli.Result r, String start, Path db, byte[] before) throws Exception {
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith(start), r.err());
        assertEquals("", r.out());
        assertArrayEquals(before, Files.readAllBytes(db), "the database is unchanged");
        assertEquals(List.of(), temporaries(db.getParent()));
    }

    private static List<String> temporaries(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
        }
    }

    @Test
    void linksPlantedAtTheTemporaryNamesAreNeverFollowed() throws Exception {
        Path db = goodDatabase();
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious");
        long pid = ProcessHandle.current().pid(); // Cli.run imports in this JVM: these are its names
        List<Path> planted = new ArrayList<>();
        for (String name : List.of("fs.db.tmp-" + pid, "fs.db.tmp-" + pid + "-stats", "fs.db.tmp-" + pid + "-owners",
                "fs.db.rejects.tmp-" + pid, "fs.db.tmp-1", "fs.db.rejects.tmp-1")) {
            planted.add(Files.createSymbolicLink(db.resolveSibling(name), victim));
        }
        Cli.Result r = Cli.run("import", scan.toString(), "--db", db.toString(), "-q", "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals("precious", Files.readString(victim));
        try (ScanReader reader = ScanReader.open(db)) {
            assertEquals("2026-01-11", reader.scanDate());
        }
        for (Path p : planted) {
            assertTrue(!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p), p + " was not written through");
        }

        Path lock = db.resolveSibling("fs.db.lock");
        Files.delete(lock);
        Files.createSymbolicLink(lock, victim);
        byte[] before = Files.readAllBytes(db);
        Cli.Result locked = Cli.run("import", scan.toString(), "--db", db.toString(), "-q");
        assertEquals(1, locked.code());
        assertTrue(locked.err().startsWith("fsscan import: cannot open the lock file " + lock + ": ")
                && locked.err().contains("symbolic link: remove it"), locked.err());
        assertEquals("precious", Files.readString(victim));
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void aFifoOrADeviceIsNeverReplaced() throws Exception {
        Path fifo = dir.resolve("fifo.db");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.Result r = Cli.run("import", scan.toString(), "--db", fifo.toString(), "-q");
        assertEquals(1, r.code());
        assertEquals("fsscan import: " + fifo + " is a named pipe (FIFO), not a database file: fsscan writes only regular files",
                r.err().strip());
        assertEquals("p", type(fifo));
        if (root()) {
            // The null device's numbers, in a directory of the test's: the real /dev is never touched.
            Path device = dir.resolve("null.db");
            assertEquals(0, new ProcessBuilder("mknod", device.toString(), "c", "1", "3").start().waitFor());
            Cli.Result d = Cli.run("import", scan.toString(), "--db", device.toString(), "-q");
            assertEquals(1, d.code());
            assertTrue(d.err().contains("is a character device, not a database file"), d.err());
            assertEquals("c", type(device));
        }
        Cli.Result slash = Cli.run("import", scan.toString(), "--db", "/", "-q");
        assertEquals("fsscan import: / is a directory, not a database file: fsscan writes only regular files", slash.err().strip());
        Files.writeString(dir.resolve("afile"), "x");
        Cli.Result parent = Cli.run("import", scan.toString(), "--db", dir.resolve("afile").resolve("fs.db").toString(), "-q");
        assertEquals(1, parent.code());
        assertEquals("fsscan import: cannot create the directory " + dir.resolve("afile") + " for the database: "
                + dir.resolve("afile") + " is a file", parent.err().strip());
    }

    private static String type(Path p) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%F", p.toString()).start();
        String t = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        stat.waitFor();
        return t.startsWith("fifo") ? "p" : t.startsWith("character") ? "c" : t;
    }

    @Test
    void aLinkedDatabaseIsReplacedWhereItPointsAndTheLinkStays() throws Exception {
        Path real = dir.resolve("disk").resolve("fs.db");
        Files.createDirectories(real.getParent());
        Path link = Files.createSymbolicLink(dir.resolve("fs.db"), real);
        assertEquals(0, Cli.run("import", scan.toString(), "--db", link.toString(), "-q").code());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Cli.run("import", scan.toString(), "--db", link.toString(), "-q").code(), "and again, over it");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of(3_000L), List.of((Long) Db.value(real, "SELECT total_lines - header_lines FROM scan_metadata")));
    }

    @Test
    void modeOwnerAndGroupOfTheReplacedFilesAreKept() throws Exception {
        Path db = goodDatabase();
        Path rejects = db.resolveSibling("fs.db.rejects");
        setMode(db, "rw-r-----");
        Files.writeString(rejects, "old\n");
        setMode(rejects, "rw-------");
        GroupPrincipal group = null;
        if (root()) {
            group = db.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon");
            Files.getFileAttributeView(db, PosixFileAttributeView.class).setGroup(group);
        }
        byte[] dirty = (new String(scanBytes, StandardCharsets.ISO_8859_1) + "not a line\n").getBytes(StandardCharsets.ISO_8859_1);
        Path scan2 = write("20260118_srv_fs.list.list_all.log", dirty);
        Cli.Result r = Cli.run("import", scan2.toString(), "--db", db.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        PosixFileAttributes after = Files.readAttributes(db, PosixFileAttributes.class);
        assertEquals("rw-r-----", PosixFilePermissions.toString(after.permissions()));
        if (group != null) {
            assertEquals(group, after.group());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rejects)));
        assertTrue(Files.readString(rejects).contains("not a line"), "the rejects file is this import's");

        // A new database gets what the umask gives, as any new file would.
        Path fresh = dir.resolve("new").resolve("fs.db");
        assertEquals(0, Cli.run("import", scan2.toString(), "--db", fresh.toString(), "-q").code());
        int umask = fsscan.db.DatabaseTarget.umask();
        assertEquals(Integer.toOctalString(0666 & ~umask), Integer.toOctalString(mode(fresh)));
        assertEquals(Integer.toOctalString(0666 & ~umask), Integer.toOctalString(mode(fresh.resolveSibling("fs.db.rejects"))));
    }

    private static void setMode(Path p, String perms) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode") & 0777;
    }

    @Test
    void aScanThatLooksWrongNeverReplacesAGoodDatabase() throws Exception {
        Path db = goodDatabase();
        byte[] before = Files.readAllBytes(db);
        String kept = "; " + db + " is left as it was (--force replaces it)";

        Path empty = write("20260201_empty_fs.list", new byte[0]);
        refused(Cli.run("import", empty.toString(), "--db", db.toString(), "-q"),
                "fsscan import: the new scan has no files (0 lines, 0 malformed): refusing to replace a database of ", db, before);

        Path passwd = write("20260201_passwd_fs.list", Files.readAllBytes(Path.of("/etc/passwd")));
        refused(Cli.run("import", passwd.toString(), "--db", db.toString(), "-q"),
                "fsscan import: too many malformed lines: ", db, before);

        Path binary = write("20260201_binary_fs.list", Files.readAllBytes(Path.of(System.getProperty("java.home"), "bin", "java")));
        refused(Cli.run("import", binary.toString(), "--db", db.toString(), "-q"), "fsscan import: too many malformed lines: ", db, before);

        byte[] third = Arrays.copyOf(scanBytes, scanBytes.length / 3);
        Path shrunk = write("20260201_cut_fs.list", third);
        Cli.Result cut = Cli.run("import", shrunk.toString(), "--db", db.toString(), "-q");
        refused(cut, "fsscan import: the new scan has ", db, before);
        assertTrue(cut.err().contains("under half of the ") && cut.err().contains(kept.substring(0, kept.length() - 25)), cut.err());

        // A producer on the other end of a pipe that died half way: the same, from standard input.
        refused(Cli.run(new ByteArrayInputStream(third), "import", "-", "-f", "fs", "--scan-date", "2026-02-01", "--db", db.toString(),
                "-q"), "fsscan import: the new scan has ", db, before);

        Path older = write("20250101_srv_fs.list", scanBytes);
        refused(Cli.run("import", older.toString(), "--db", db.toString(), "-q"),
                "fsscan import: this scan (2025-01-01) is older than the one in " + db + " (2026-01-11)", db, before);

        Path newer = write("20260201_srv_fs.list", scanBytes);
        Path sameAgain = Files.createSymbolicLink(dir.resolve("again.list"), newer);
        refused(Cli.run("import", newer.toString(), sameAgain.toString(), "--db", db.toString(), "-q"),
                "fsscan import: " + newer + " and " + sameAgain + " are the same file", db, before);

        Path notOurs = dir.resolve("notes.db");
        Files.writeString(notOurs, "my notes");
        Cli.Result foreign = Cli.run("import", newer.toString(), "--db", notOurs.toString(), "-q");
        assertEquals(1, foreign.code());
        assertEquals("fsscan import: " + notOurs + " is not an fsscan database: refusing to replace it (--force replaces it)",
                foreign.err().strip());
        assertEquals("my notes", Files.readString(notOurs));

        // Each refusal can be overridden, by a share or by --force.
        assertEquals(0, Cli.run("import", shrunk.toString(), "--db", db.toString(), "-q", "--min-kept-share", "30%").code());
        assertTrue((Long) Db.value(db, "SELECT file_count FROM scan_metadata") < 1_500L, "the shrunken scan replaced it");
        assertEquals(0, Cli.run("import", older.toString(), "--db", db.toString(), "-q", "--force").code());
        try (ScanReader r = ScanReader.open(db)) {
            assertEquals("2025-01-01", r.scanDate());
        }
        assertEquals(2, Cli.run("import", older.toString(), "--db", db.toString(), "--min-kept-share", "2").code());
    }

    @Test
    void aSecondImportOfTheSameDatabaseStopsWithAClearMessage() throws Exception {
        Path db = goodDatabase();
        Path release = dir.resolve("release");
        Path newer = write("20260201_srv_fs.list", scanBytes);
        Child first = Child.fsscan(List.of("-Dfsscan.test.hold-after-replace=" + release), null,
                "import", newer.toString(), "--db", db.toString(), "-q");
        first.awaitLine(l -> l.equals("test hook: replaced, holding"));
        Cli.Result second = Cli.run("import", newer.toString(), "--db", db.toString(), "-q");
        assertEquals(1, second.code());
        assertEquals("fsscan import: another import is writing " + db + " (process " + first.pid() + "): wait until it ends"
                + " (two imports of one file system would replace each other's work)", second.err().strip());
        Files.writeString(release, "");
        assertEquals(0, first.exitCode(), String.join("\n", first.stderr()));
    }

    @Test
    void aSignalAfterTheReplaceChangesNeitherTheOutcomeNorTheMessage() throws Exception {
        Path db = goodDatabase();
        Path release = dir.resolve("release");
        Path newer = write("20260201_srv_fs.list", scanBytes);
        File out = dir.resolve("out.txt").toFile();
        Child child = Child.fsscan(List.of("-Dfsscan.test.hold-after-replace=" + release), out,
                "import", newer.toString(), "--db", db.toString(), "-q");
        child.awaitLine(l -> l.equals("test hook: replaced, holding"));
        child.signal("TERM");
        Files.writeString(release, "");
        assertEquals(0, child.exitCode());
        List<String> err = child.stderr();
        assertEquals(List.of("test hook: replaced, holding"), err, "no 'interrupted', no 'left as it was'");
        assertTrue(Files.readString(out.toPath()).startsWith("imported " + newer), "the summary is printed");
        try (ScanReader r = ScanReader.open(db)) {
            assertEquals("2026-02-01", r.scanDate());
        }
        assertEquals(List.of(), temporaries(db.getParent()));
    }

    @Test
    void pathRulesByteOrderMarkAndBoundedSums() throws Exception {
        String f = "<1> 1 2 0  s=%d a=%d u=1 g=1 p=-rw-r--r-- -- %s\n";
        String d = "<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- %s\n";
        String text = String.format(d, "/r//top/") + String.format(f, 10, 1, "/r/top//a")
                + String.format(f, 10, 1, "/r/top/./b") + String.format(f, 10, 1, "/r/top/../c")
                + String.format(f, 10, 1, "/r/top/d/..") + String.format(f, 10, 1, "/")
                + String.format(f, 10, 9007199254740993L, "/r/top/huge") + String.format(f, 10, 1, "/r/top/nul\0x")
                + String.format(f, 10, 1, "/r/top/.hidden") + String.format(f, 10, 1, "/r/top/..dots");
        Path plain = write("20260101_s_rules.list", text.getBytes(StandardCharsets.ISO_8859_1));
        Path db = dir.resolve("rules.db");
        Cli.Result r = Cli.run("import", plain.toString(), "--db", db.toString(), "-q", "--max-malformed", "100%");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(10L, 6L, 3L), Db.rows(db, "SELECT total_lines, malformed_lines, file_count FROM scan_metadata").get(0));
        assertEquals(List.of("/r/top"), new ArrayList<>(Db.paths(db).values()), "one directory: // and a trailing / read as one");

        // A byte-order mark at the start of the file is skipped: the same database as without it.
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path withBom = write("20260101_s_bom.list", concat(bom, text.getBytes(StandardCharsets.ISO_8859_1)));
        Path bomDb = dir.resolve("bom.db");
        assertEquals(0, Cli.run("import", withBom.toString(), "--db", bomDb.toString(), "-q", "--max-malformed", "100%").code());
        String rows = "SELECT d.*, s.* FROM directories d JOIN directory_stats s USING (dir_id) ORDER BY dir_id";
        assertEquals(Db.rows(db, rows), Db.rows(bomDb, rows));
        assertEquals(List.of(10L, 6L), Db.rows(bomDb, "SELECT total_lines, malformed_lines FROM scan_metadata").get(0));

        // Sizes that would pass 2^63: inside one directory the line is malformed; across the scan the
        // import stops. Nothing ever wraps to a negative figure.
        long big = 1L << 62;
        String sums = String.format(f, big, 0, "/s/one/a") + String.format(f, big, 0, "/s/one/b") + String.format(f, 7, 0, "/s/one/c");
        Path inOne = write("20260101_s_sums.list", sums.getBytes(StandardCharsets.US_ASCII));
        Path sumsDb = dir.resolve("sums.db");
        assertEquals(0, Cli.run("import", inOne.toString(), "--db", sumsDb.toString(), "-q", "--max-malformed", "100%").code());
        assertEquals(List.of(1L, 2L, big + 7), Db.rows(sumsDb, "SELECT malformed_lines, file_count, logical_size FROM scan_metadata").get(0));
        String across = String.format(f, big, 0, "/s/one/a") + String.format(f, big, 0, "/s/two/a");
        Path twoDirs = write("20260101_s_over.list", across.getBytes(StandardCharsets.US_ASCII));
        Cli.Result over = Cli.run("import", twoDirs.toString(), "--db", dir.resolve("over.db").toString(), "-q");
        assertEquals(1, over.code());
        assertEquals("fsscan import: the scan's sizes add up to more than 2^63 bytes (8 EiB), which no file system holds:"
                + " its s= or a= values cannot be right", over.err().strip());
        assertFalse(Files.exists(dir.resolve("over.db")));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void aNamedPipeReadsLikeStandardInput() throws Exception {
        Path fifo = dir.resolve("scan.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(scanBytes);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        Path db = dir.resolve("pipe.db");
        Cli.Result r = Cli.run("import", fifo.toString(), "-f", "fs", "--scan-date", "2026-01-11", "--db", db.toString(), "-q");
        writer.join(30_000);
        assertEquals(0, r.code(), r.err());
        Path plain = goodDatabase();
        String rows = "SELECT d.*, s.* FROM directories d JOIN directory_stats s USING (dir_id) ORDER BY dir_id";
        assertEquals(Db.rows(plain, rows), Db.rows(db, rows));
    }

    @Test
    void aPrefixAboveTheScanRootCoversTheWholeScan() throws Exception {
        Path db = goodDatabase();
        String all = Cli.run("query", "--db", db.toString(), "--format", "tsv", "-n", "0").out();
        assertTrue(all.lines().count() > 100, all);
        for (String above : List.of("/gpfs", "/", "/gpfs/")) {
            assertEquals(all, Cli.run("query", "--db", db.toString(), "--format", "tsv", "-n", "0", "-P", above).out(), above);
            Cli.Result none = Cli.run("query", "--db", db.toString(), "--format", "tsv", "-n", "0", "-E", above);
            assertEquals(1, none.out().lines().count(), "-E " + above + " leaves only the header: " + none.out());
        }
        assertEquals(Cli.run("analyze", "--db", db.toString(), "--access-history", "--format", "json").out(),
                Cli.run("analyze", "--db", db.toString(), "--access-history", "--format", "json", "-P", "/").out());
        assertEquals(1, Cli.run("query", "--db", db.toString(), "--format", "tsv", "-P", "/gpfsx").out().lines().count(),
                "a sibling of the root is not above it");
    }

    @Test
    void hostileNamesInEveryFormat() throws Exception {
        List<String> names = List.of("esc\u001b[2Jclear", "cr\rback", "tab\there", "new\nline", "com,ma", "quo\"te", "back\\slash");
        StringBuilder text = new StringBuilder();
        for (String n : names) {
            String escaped = n.replace("%", "%25").replace("\u001b", "%1B").replace("\r", "%0D").replace("\t", "%09")
                    .replace("\n", "%0A");
            text.append("<1> 1 2 0  s=5000 a=8 u=1 g=1 p=-rw-r--r-- -- /h/").append(escaped).append("/f\n");
        }
        Path file = write("20260101_s_hostile.list", text.toString().getBytes(StandardCharsets.UTF_8));
        Path db = dir.resolve("hostile.db");
        assertEquals(0, Cli.run("import", file.toString(), "--db", db.toString(), "-q", "--escaped").code());

        String table = Cli.run("query", "--db", db.toString(), "--format", "table", "-n", "0").out();
        assertFalse(table.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no control character reaches a terminal: " + table);
        assertTrue(table.contains("/h/esc\\x1B[2Jclear") && table.contains("/h/cr\\x0Dback"), table);

        List<CSVRecord> tsv = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(false)
                .setTrim(false).get().parse(new StringReader(Cli.run("query", "--db", db.toString(), "--format", "tsv", "-n", "0")
                        .out())).getRecords();
        assertEquals(names.size(), tsv.size(), "one record per directory (/h, above them, is not in the scan)");
        List<String> tsvPaths = tsv.stream().map(rec -> rec.get("path")).toList();
        List<CSVRecord> csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(Cli.run("query", "--db", db.toString(), "--format", "csv", "-n", "0").out())).getRecords();
        List<String> csvPaths = csv.stream().map(rec -> rec.get("path")).toList();
        JsonNode json = new ObjectMapper().readTree(Cli.run("query", "--db", db.toString(), "--format", "json", "-n", "0").out());
        List<String> jsonPaths = new ArrayList<>();
        json.get("directories").forEach(n -> jsonPaths.add(n.get("path").asText()));
        for (String n : names) {
            assertTrue(csvPaths.contains("/h/" + n), "csv round-trips " + n + ": " + csvPaths);
            assertTrue(tsvPaths.contains("/h/" + n), "tsv round-trips " + n + ": " + tsvPaths);
            assertTrue(jsonPaths.contains("/h/" + n), "json round-trips " + n + ": " + jsonPaths);
        }
    }

    @Test
    void everyErrorIsOneLineWithTheRightExitCode() throws Exception {
        Path db = goodDatabase();
        record Case(int code, String start, String... args) {
        }
        Files.copy(scan, dir.resolve("20260230_srv_fs.list"));
        List<Case> cases = List.of(
                new Case(2, "fsscan import: chunk-size must be at most 1 GiB", "import", scan.toString(), "--db",
                        dir.resolve("x.db").toString(), "--chunk-size", "2147483647"),
                new Case(1, "fsscan import: the file name 20260230_srv_fs.list gives the scan date 2026-02-30, which is not a date",
                        "import", dir.resolve("20260230_srv_fs.list").toString(), "--db", dir.resolve("x.db").toString()),
                new Case(2, "fsscan query: Invalid value for option '--accessed-after': '999999999999d' is further back than any"
                        + " file's date", "query", "--db", db.toString(),
                        "--accessed-after", "999999999999d"),
                new Case(2, "fsscan analyze: --top-n must be 0 or more", "analyze", "--db", db.toString(), "--access-history",
                        "--top-n", "-1"));
        for (Case c : cases) {
            Cli.Result r = Cli.run(c.args());
            assertEquals(c.code(), r.code(), r.err());
            assertTrue(r.err().startsWith(c.start()), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }

        // One corrupt page: every page after the first overwritten with garbage.
        Path corrupt = dir.resolve("corrupt.db");
        byte[] bytes = Files.readAllBytes(db);
        Arrays.fill(bytes, 4096, bytes.length, (byte) 0x5A);
        Files.write(corrupt, bytes);
        Cli.Result damaged = Cli.run("query", "--db", corrupt.toString(), "-n", "0");
        assertEquals(1, damaged.code());
        assertEquals(1, damaged.err().strip().lines().count(), damaged.err());
        assertTrue(damaged.err().contains(corrupt + " is damaged"), damaged.err());
        // A scan list given where a database goes (query in place of import): not "damaged".
        Path list = dir.resolve("20260111_srv_mistake.list");
        Files.writeString(list, "<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /x\n");
        Cli.Result notDb = Cli.run("query", list.toString(), "--data-dir", dir.resolve("none").toString());
        assertEquals(1, notDb.code());
        assertEquals("fsscan query: " + list + " is not a database; if it is a scan, import it first: fsscan import " + list,
                notDb.err().strip());

        // Another program writing the database holds its lock.
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            st.execute("BEGIN EXCLUSIVE");
            Cli.Result locked = Cli.run("query", "--db", db.toString(), "-n", "1");
            assertEquals(1, locked.code());
            assertEquals("fsscan query: " + db + " is locked by another program that is writing it: try again when it ends",
                    locked.err().strip());
            st.execute("ROLLBACK");
        }

        // query all: a file of the data directory that is not an fsscan database is skipped, with a warning.
        Files.writeString(db.resolveSibling("junk.db"), "not a database at all, just text");
        Cli.Result all = Cli.run(Map.of("FS_SCAN_DATA_DIR", db.getParent().toString()), "query", "all", "-n", "1",
                "--format", "tsv");
        assertEquals(0, all.code(), all.err());
        assertEquals(2, all.out().lines().count(), all.out());
        assertTrue(all.err().startsWith("fsscan: warning: skipping " + db.resolveSibling("junk.db") + ": "), all.err());
        Cli.Result named = Cli.run(Map.of("FS_SCAN_DATA_DIR", db.getParent().toString()), "query", "junk");
        assertEquals(1, named.code());
        assertEquals(1, named.err().strip().lines().count(), named.err());
    }

    @Test
    void anAnswerThatCannotBeWrittenIsAFailure() throws Exception {
        Path db = goodDatabase();
        Child full = Child.fsscan(List.of(), new File("/dev/full"), "query", "--db", db.toString(), "-n", "0", "--format", "tsv");
        assertEquals(1, full.exitCode());
        assertEquals(List.of("fsscan: cannot write the answer to standard output (a closed pipe, or a full disk)"), full.stderr());
    }

    @Test
    void aTemporaryDirectoryThatCannotBeUsedIsOneLine() throws Exception {
        Child child = Child.fsscan(List.of("-Djava.io.tmpdir=" + dir.resolve("missing"), "-Dorg.sqlite.tmpdir=" + dir.resolve("missing")),
                null, "import", scan.toString(), "--db", dir.resolve("t.db").toString(), "-q");
        assertEquals(1, child.exitCode());
        List<String> err = child.stderr();
        assertEquals(1, err.size(), err.toString());
        assertTrue(err.get(0).startsWith("fsscan import: cannot load SQLite's native library"), err.toString());
    }

    /**
     * Another user, in a directory they cannot write: stdout is the answer and nothing else, no log
     * file is left anywhere, and a database they may not read is one line.
     */
    @Test
    void anotherUserInADirectoryTheyCannotWrite() throws Exception {
        if (!root() || !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            return; // needs root to become another user
        }
        Path world = Files.createTempDirectory(Path.of("/tmp"), "fsscan-other-user");
        try {
            Files.setPosixFilePermissions(world, PosixFilePermissions.fromString("rwxr-xr-x"));
            // The class path, where that user can read it (the build's own is under root's home).
            StringBuilder cp = new StringBuilder();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path src = Path.of(entry);
                Path copy = world.resolve("cp" + n++ + (Files.isDirectory(src) ? "" : ".jar"));
                copyTree(src, copy);
                cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(copy);
            }
            Path db = world.resolve("fs.db");
            assertEquals(0, Cli.run("import", scan.toString(), "--db", db.toString(), "-q").code());
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
            Path cwd = world.resolve("readonly");
            Files.createDirectory(cwd);
            Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("r-xr-xr-x"));
            setWorldReadable(world);

            File out = world.resolve("out.json").toFile();
            Files.writeString(out.toPath(), "");
            Files.setPosixFilePermissions(out.toPath(), PosixFilePermissions.fromString("rw-rw-rw-"));
            List<String> cmd = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "nobody", "--"));
            cmd.addAll(Child.javaCommand(List.of(), cp.toString()));
            List<String> query = new ArrayList<>(cmd);
            query.addAll(List.of("query", "--db", db.toString(), "--format", "json", "-n", "3"));
            Child child = Child.start(query, out, cwd.toFile());
            assertEquals(0, child.exitCode(), child.stderr().toString());
            assertEquals(List.of(), child.stderr());
            JsonNode json = new ObjectMapper().readTree(out);
            assertEquals(3, json.get("directories").size(), "stdout is the answer, as JSON");
            try (Stream<Path> files = Files.list(cwd)) {
                assertEquals(List.of(), files.toList(), "no log file is left in the working directory");
            }

            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
            List<String> denied = new ArrayList<>(cmd);
            denied.addAll(List.of("query", "--db", db.toString()));
            Child refused = Child.start(denied, null, cwd.toFile());
            assertEquals(1, refused.exitCode());
            assertEquals(List.of("fsscan query: cannot open " + db + ": permission denied, or it is gone"), refused.stderr());

            // generate renames its scan into place: not over a file this user may not write, and
            // not from a directory they may not write, each said in one line.
            byte[] before = Files.readAllBytes(db);
            List<String> overDb = new ArrayList<>(cmd);
            overDb.addAll(List.of("generate", "--lines", "100", "-o", db.toString()));
            Child notOver = Child.start(overDb, null, cwd.toFile());
            assertEquals(1, notOver.exitCode());
            assertEquals(List.of("fsscan generate: " + db + ": permission denied"), notOver.stderr());
            assertArrayEquals(before, Files.readAllBytes(db), "the database is left as it was");
            List<String> inReadOnly = new ArrayList<>(cmd);
            inReadOnly.addAll(List.of("generate", "--lines", "100", "-o", "x.list"));
            Child notIn = Child.start(inReadOnly, null, cwd.toFile());
            assertEquals(1, notIn.exitCode());
            assertEquals(List.of("fsscan generate: cannot write in " + cwd + " (permission denied): the scan is written"
                    + " there under a temporary name, then renamed over x.list"), notIn.stderr());
        } finally {
            new ProcessBuilder("rm", "-rf", world.toString()).start().waitFor();
        }
    }

    private static void copyTree(Path src, Path dst) throws Exception {
        if (!Files.isDirectory(src)) {
            Files.copy(src, dst);
            return;
        }
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void setWorldReadable(Path root) throws Exception {
        assertEquals(0, new ProcessBuilder("chmod", "-R", "a+rX", root.toString()).start().waitFor());
        Files.setPosixFilePermissions(root.resolve("readonly"), PosixFilePermissions.fromString("r-xr-xr-x"));
    }
}
