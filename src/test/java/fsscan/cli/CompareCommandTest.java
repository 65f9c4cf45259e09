package fsscan.cli;

import fsscan.gen.ScanGenerator;
import fsscan.testutil.ReferenceScan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two scans of one file system a week apart (a generated scan, then the same with a project's tree
 * removed, files added to an existing directory and a new project): every directory's change
 * equals the one computed from the two scans themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompareCommandTest {

    @TempDir
    static Path dir;
    Path oldDb;
    Path newDb;
    ReferenceScan before;
    ReferenceScan after;

    // Files of at most 4096 bytes with a=0 are kept in the inode: their allocated size is their size.

    /** Path to (allocated bytes, files) of its subtree, for every directory of a scan. */
    private static Map<String, long[]> figures(ReferenceScan scan) {
        Map<String, long[]> out = new HashMap<>();
        scan.dirs.forEach((path, d) -> out.put(path, new long[] {d.allocR, d.filesR}));
        return out;
    }

    @BeforeAll
    void importTwoWeeks() throws Exception {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        new ScanGenerator(21, 30_000, 0, "/gpfs/csfs1").write(generated);
        byte[] week1 = generated.toByteArray();
        ByteArrayOutputStream week2 = new ByteArrayOutputStream();
        String removed = "/gpfs/csfs1/proj002/";
        int start = 0;
        for (int i = 0; i < week1.length; i++) {
            if (week1[i] == '\n') {
                String line = new String(week1, start, i - start, StandardCharsets.ISO_8859_1);
                if (!line.contains(removed)) {
                    week2.write(week1, start, i - start + 1);
                }
                start = i + 1;
            }
        }
        for (int i = 0; i < 40; i++) {
            week2.writeBytes(ImportEdgeCasesTest.file("/gpfs/csfs1/user001/f" + i + ".dat", 100L * (i + 1)).getBytes(StandardCharsets.UTF_8));
            week2.write('\n');
            week2.writeBytes(ImportEdgeCasesTest.file("/gpfs/csfs1/newproj/a b/run -- 1/" + i, 4096).getBytes(StandardCharsets.UTF_8));
            week2.write('\n');
        }
        before = ReferenceScan.of(week1);
        after = ReferenceScan.of(week2.toByteArray());
        oldDb = importScan("20260104_srv_csfs1.list.list_all.log", week1);
        newDb = importScan("20260111_srv_csfs1.list.list_all.log", week2.toByteArray());
    }

    private Path importScan(String name, byte[] content) throws Exception {
        Path scan = dir.resolve(name);
        Files.write(scan, content);
        Path db = dir.resolve(name.substring(0, 8) + ".db");
        Cli.Result r = Cli.run("import", scan.toString(), "--db", db.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        return db;
    }

    private List<List<String>> tsv(String... args) {
        List<String> all = new ArrayList<>(List.of("compare", oldDb.toString(), newDb.toString(), "--format", "tsv"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(all.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        String first = args.length > 1 && args[0].equals("--group-by")
                ? (args[1].equals("owner") ? "user\tuid" : "group\tgid") : "path\tdepth";
        assertEquals(first + "\tstatus\told_size\tnew_size\tsize_change\tchange_pct\told_files\tnew_files\tfiles_change", lines[0]);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            rows.add(List.of(lines[i].split("\t", -1)));
        }
        return rows;
    }

    /** What the two scans say changed, directory by directory: path to {old size, new size, old files, new files}. */
    private Map<String, long[]> expectedChanges() {
        Map<String, long[]> a = figures(before);
        Map<String, long[]> b = figures(after);
        Set<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        Map<String, long[]> out = new HashMap<>();
        for (String p : paths) {
            long[] x = a.getOrDefault(p, new long[2]);
            long[] y = b.getOrDefault(p, new long[2]);
            if (!a.containsKey(p) || !b.containsKey(p) || x[0] != y[0] || x[1] != y[1]) {
                out.put(p, new long[] {x[0], y[0], x[1], y[1]});
            }
        }
        return out;
    }

    @Test
    void everyChangedDirectoryWithItsFiguresAndNothingElse() {
        Map<String, long[]> expected = expectedChanges();
        assertTrue(expected.size() > 100, "the second week should differ: " + expected.size());
        List<List<String>> rows = tsv("--sort-by", "change", "-n", "0");
        Map<String, long[]> got = new HashMap<>();
        for (List<String> r : rows) {
            String path = r.get(0).replace("\\t", "\t").replace("\\n", "\n");
            got.put(path, new long[] {Long.parseLong(r.get(3)), Long.parseLong(r.get(4)), Long.parseLong(r.get(7)),
                Long.parseLong(r.get(8))});
            String status = !before.dirs.containsKey(path) ? "new" : !after.dirs.containsKey(path) ? "gone" : "both";
            assertEquals(status, r.get(2), path);
            assertEquals(path.chars().filter(c -> c == '/').count(), Long.parseLong(r.get(1)), path);
        }
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((p, e) -> assertEquals(List.of(e[0], e[1], e[2], e[3]),
                List.of(got.get(p)[0], got.get(p)[1], got.get(p)[2], got.get(p)[3]), p));
        assertTrue(got.containsKey("/gpfs/csfs1/newproj/a b/run -- 1"), "a new directory with odd characters");
        assertTrue(got.keySet().stream().anyMatch(p -> p.startsWith("/gpfs/csfs1/proj002/")), "a removed tree");
    }

    @Test
    void growthAndShrinkListTheTopInOrderAndTheTotalsCoverTheScope() {
        Map<String, long[]> expected = expectedChanges();
        Comparator<Map.Entry<String, long[]>> byGrowth = Comparator.comparingLong(e -> -(e.getValue()[1] - e.getValue()[0]));
        List<String> topGrowth = expected.entrySet().stream().filter(e -> e.getValue()[1] > e.getValue()[0])
                .sorted(byGrowth.thenComparing(Map.Entry::getKey)).limit(7).map(Map.Entry::getKey).toList();
        assertEquals(topGrowth, tsv("-n", "7").stream().map(r -> r.get(0)).toList());
        assertTrue(topGrowth.contains("/gpfs/csfs1/newproj"), topGrowth.toString());

        List<String> topShrink = expected.entrySet().stream().filter(e -> e.getValue()[1] < e.getValue()[0])
                .sorted(byGrowth.reversed().thenComparing(Map.Entry::getKey)).limit(5).map(Map.Entry::getKey).toList();
        assertEquals(topShrink, tsv("--sort-by", "shrink", "-n", "5").stream().map(r -> r.get(0)).toList());

        // Depth range and a path prefix: only directories there, growth only.
        List<List<String>> scoped = tsv("-P", "/gpfs/csfs1/user001", "-d", "4", "--max-depth", "5", "-n", "0");
        for (List<String> r : scoped) {
            assertTrue(r.get(0).startsWith("/gpfs/csfs1/user001"), r.get(0));
            int depth = Integer.parseInt(r.get(1));
            assertTrue(depth >= 4 && depth <= 5, r.toString());
            assertTrue(Long.parseLong(r.get(5)) > 0, r.toString());
        }

        Cli.Result json = Cli.run("compare", oldDb.toString(), newDb.toString(), "--format", "json", "-n", "1");
        assertEquals(0, json.code(), json.err());
        long oldTotal = before.dirs.get("/gpfs/csfs1").allocR;
        long newTotal = after.dirs.get("/gpfs/csfs1").allocR;
        assertTrue(json.out().contains("\"total\":{\"old_size\":" + oldTotal + ",\"new_size\":" + newTotal + ","), json.out());
        assertTrue(json.out().contains("\"new_directories\":" + after.dirs.size() + ","), json.out());
        assertTrue(json.out().contains("{\"fs\":\"csfs1\",\"scan_date\":\"2026-01-04\""), json.out());
    }

    @Test
    void perOwnerTotalsInEachScanExactToTheFile() {
        Set<Long> uids = new TreeSet<>(before.perUid.keySet());
        uids.addAll(after.perUid.keySet());
        Map<String, List<Long>> expected = new HashMap<>();
        for (long uid : uids) {
            long[] a = before.perUid.getOrDefault(uid, new long[2]);
            long[] b = after.perUid.getOrDefault(uid, new long[2]);
            if (a[0] != b[0] || a[1] != b[1] || !before.perUid.containsKey(uid) || !after.perUid.containsKey(uid)) {
                expected.put(Long.toString(uid), List.of(a[1], b[1], a[0], b[0]));
            }
        }
        assertTrue(expected.size() >= 2, "the project's and user001's owners changed: " + expected.keySet());
        Map<String, List<Long>> got = new HashMap<>();
        for (List<String> r : tsv("--group-by", "owner", "--sort-by", "change", "-n", "0")) {
            got.put(r.get(1), List.of(Long.parseLong(r.get(3)), Long.parseLong(r.get(4)), Long.parseLong(r.get(7)),
                    Long.parseLong(r.get(8))));
        }
        assertEquals(expected, got);
    }

    @Test
    void rootsThatDifferBetweenScansStillMatchByPath() throws Exception {
        // The first scan has two roots whose byte order is not their path order ('-' sorts before '/');
        // the second lists /x, so both become one tree under it.
        String a = ImportEdgeCasesTest.file("/x/a-b/f", 100) + "\n" + ImportEdgeCasesTest.file("/x/a/c/f", 200) + "\n";
        String b = a + "<1> 5 1 0  s=0 a=0 u=7 g=8 p=drwxr-xr-x -- /x\n" + ImportEdgeCasesTest.file("/x/a/c/g", 50) + "\n";
        Path one = importScan("20260101_s_roots.list", a.getBytes(StandardCharsets.UTF_8));
        Path two = importScan("20260108_s_roots.list", b.getBytes(StandardCharsets.UTF_8));
        Cli.Result r = Cli.run("compare", one.toString(), two.toString(), "--format", "tsv", "--sort-by", "change", "-n", "0");
        assertEquals(0, r.code(), r.err());
        List<String> lines = List.of(r.out().split("\n"));
        assertTrue(lines.contains("/x/a/c\t3\tboth\t200\t250\t50\t0.25\t1\t2\t1"), r.out());
        assertTrue(lines.contains("/x\t1\tnew\t0\t350\t350\t\t0\t3\t3"), r.out());
        assertTrue(lines.contains("/x/a\t2\tnew\t0\t250\t250\t\t0\t2\t2"), r.out());
        assertFalse(r.out().contains("/x/a-b\t"), "a-b did not change: " + r.out());
        assertEquals(4, lines.size(), r.out());
    }

    @Test
    void aWeeklyImportKeepsThePreviousScanForComparison() throws Exception {
        Path data = dir.resolve("weekly");
        Path archive = data.resolve("archive");
        Path week1 = dir.resolve("20260104_srv_csfs1.list.list_all.log");
        Path week2 = dir.resolve("20260111_srv_csfs1.list.list_all.log");
        Cli.Result first = Cli.run("import", week1.toString(), "--data-dir", data.toString(), "-q",
                "--keep-previous", archive.toString());
        assertEquals(0, first.code(), first.err());
        assertFalse(first.out().contains("kept as"), "nothing to keep yet: " + first.out());
        Cli.Result second = Cli.run("import", week2.toString(), "--data-dir", data.toString(), "-q",
                "--keep-previous", archive.toString());
        assertEquals(0, second.code(), second.err());
        Path kept = archive.resolve("csfs1-2026-01-04.db");
        assertTrue(second.out().contains("previous scan   kept as " + kept), second.out());
        assertEquals("2026-01-04", fsscan.testutil.Db.value(kept, "SELECT scan_date FROM scan_metadata"));
        assertEquals("2026-01-11", fsscan.testutil.Db.value(data.resolve("csfs1.db"), "SELECT scan_date FROM scan_metadata"));
        // The same week imported again keeps the replaced import beside the first one.
        assertEquals(0, Cli.run("import", week2.toString(), "--data-dir", data.toString(), "-q",
                "--keep-previous", archive.toString()).code());
        assertTrue(Files.exists(archive.resolve("csfs1-2026-01-11.db")));
        try (var files = Files.list(archive)) {
            assertEquals(2, files.count());
        }
        Cli.Result grew = Cli.run("compare", kept.toString(), "csfs1", "--data-dir", data.toString(), "--format", "tsv", "-n", "1");
        assertEquals(0, grew.code(), grew.err());
        assertTrue(grew.out().split("\n")[1].startsWith("/gpfs/csfs1"), grew.out());
    }

    @Test
    void namesInTheDataDirectoryAndClearErrors() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.copy(oldDb, data.resolve("csfs1-week1.db"));
        Files.copy(newDb, data.resolve("csfs1.db"));
        Cli.Result ok = Cli.run("compare", "csfs1-week1", "csfs1", "--data-dir", data.toString(), "--format", "table", "-n", "3");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("compare csfs1 of 2026-01-04 (" + data.resolve("csfs1-week1.db") + ") -> csfs1 of 2026-01-11"), ok.out());
        assertTrue(ok.out().contains("/gpfs/csfs1/newproj "), ok.out());

        Cli.Result unknown = Cli.run("compare", "csfs1-week0", "csfs1", "--data-dir", data.toString());
        assertEquals(1, unknown.code());
        assertEquals("fsscan compare: no database csfs1-week0 (the data directory " + data + " has: csfs1, csfs1-week1)",
                unknown.err().strip());

        Cli.Result reversed = Cli.run("compare", "csfs1", "csfs1-week1", "--data-dir", data.toString(), "-n", "1");
        assertEquals(0, reversed.code());
        assertTrue(reversed.err().contains("OLD (2026-01-11) is a later scan than NEW (2026-01-04)"), reversed.err());

        assertEquals(2, Cli.run("compare", "csfs1", "csfs1-week1", "--data-dir", data.toString(), "--sort-by", "size").code());
    }
}
