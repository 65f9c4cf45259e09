package fsscan.cli;

import fsscan.testutil.TestScans;
import fsscan.testutil.ReferenceScan;
import fsscan.testutil.ReferenceScan.Dir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every query option on generated scans, against answers computed from the scans themselves. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCommandTest {

    @TempDir
    static Path dir;
    static Path data;
    ReferenceScan alpha;
    ReferenceScan beta;

    @BeforeAll
    void importTwoScans() throws Exception {
        data = dir.resolve("data");
        alpha = importScan("20260111_srv_alpha.list.list_all.log", 11, 40_000, "/gpfs/csfs1");
        beta = importScan("20251201_srv_beta.list.list_all.log", 12, 15_000, "/gpfs/other");
    }

    private ReferenceScan importScan(String name, long seed, long lines, String root) throws Exception {
        byte[] scan = TestScans.generate(seed, lines, 0.001, root);
        TestScans.importInto(TestScans.write(dir, name, scan), data.resolve(name.split("_")[2].split("\\.")[0] + ".db"));
        return ReferenceScan.of(scan);
    }



    /** Rows of a TSV query (header dropped), each a list of cells. */
    static List<List<String>> tsv(String... args) {
        List<String> all = new ArrayList<>(List.of("query", "--data-dir", data.toString(), "--format", "tsv"));
        all.addAll(Arrays.asList(args));
        Cli.Result r = Cli.run(all.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        List<List<String>> rows = new ArrayList<>();
        String[] lines = r.out().split("\n");
        for (int i = 1; i < lines.length; i++) {
            rows.add(List.of(lines[i].split("\t", -1)));
        }
        return rows;
    }

    static List<String> paths(String... args) {
        return tsv(args).stream().map(r -> r.get(2)).toList();
    }

    static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    /** Depth-first order with siblings in byte order of their names: the order of the ids. */
    static final Comparator<String> TREE_ORDER = (a, b) -> {
        String[] x = a.substring(1).split("/");
        String[] y = b.substring(1).split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Arrays.compareUnsigned(x[i].getBytes(StandardCharsets.UTF_8), y[i].getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    static List<String> expected(ReferenceScan ref, Predicate<Map.Entry<String, Dir>> keep, ToLongFunction<Dir> key,
                                 boolean descending, int limit) {
        Comparator<Map.Entry<String, Dir>> byKey = Comparator.comparingLong(e -> key.applyAsLong(e.getValue()));
        if (descending) {
            byKey = byKey.reversed();
        }
        Comparator<Map.Entry<String, Dir>> order = byKey.thenComparing(Map.Entry::getKey, TREE_ORDER);
        List<String> out = ref.dirs.entrySet().stream().filter(keep).sorted(order).map(Map.Entry::getKey).toList();
        return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Equal lists, or a failure naming the first row that differs (not two lists of thousands). */
    static void assertSameRows(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError(what + ": row " + i + " expected " + expected.get(i) + " but was " + actual.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": number of rows");
    }

    static void assertSameRows(List<String> expected, List<String> actual) {
        assertSameRows(expected, actual, "rows");
    }

    static long epoch(String date) {
        return LocalDate.parse(date).toEpochDay() * 86400;
    }

    private String bigUserDirectory() {
        return alpha.dirs.entrySet().stream().filter(e -> depth(e.getKey()) == 3)
                .max(Comparator.comparingLong(e -> e.getValue().dirsR)).orElseThrow().getKey();
    }

    @Test
    void theDefaultIsTheFiftyBiggestDirectories() {
        assertSameRows(expected(alpha, e -> true, d -> d.allocR, true, 50), paths("alpha"));
    }

    @Test
    void pathPrefixesAndExcludesAreSubtrees() {
        String user = bigUserDirectory();
        String child = alpha.dirs.keySet().stream().filter(p -> p.startsWith(user + "/") && depth(p) == depth(user) + 1)
                .max(Comparator.comparingLong(p -> alpha.dirs.get(p).dirsR)).orElseThrow();
        assertSameRows(expected(alpha, e -> (e.getKey().equals(user) || e.getKey().startsWith(user + "/"))
                        && !(e.getKey().equals(child) || e.getKey().startsWith(child + "/")), d -> d.allocR, true, 0),
                paths("alpha", "-P", user + "/", "-E", child, "-n", "0"));
        assertEquals(List.of(), paths("alpha", "-P", "/gpfs/csfs1/no such dir"));
    }

    @Test
    void depthRange() {
        assertSameRows(expected(alpha, e -> depth(e.getKey()) >= 4 && depth(e.getKey()) <= 5, d -> d.allocR, true, 0),
                paths("alpha", "-d", "4", "--max-depth", "5", "-n", "0"));
    }

    @Test
    void ownersAndGroupsMatchTheDirectorysOwnFiles() {
        long uid = alpha.perUid.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue()[0])).orElseThrow().getKey();
        assertSameRows(expected(alpha, e -> e.getValue().ownUids.containsKey(uid), d -> d.allocR, true, 0),
                paths("alpha", "-u", Long.toString(uid), "-n", "0"));
        assertSameRows(expected(alpha, e -> e.getValue().ownUids.containsKey(uid) && e.getValue().uid == uid, d -> d.allocR, true, 0),
                paths("alpha", "-u", Long.toString(uid), "-s", "-n", "0"));
        long gid = alpha.dirs.values().stream().flatMap(d -> d.ownGids.keySet().stream()).filter(g -> g >= 0).findFirst().orElseThrow();
        assertSameRows(expected(alpha, e -> e.getValue().ownGids.containsKey(gid), d -> d.allocR, true, 0),
                paths("alpha", "-g", Long.toString(gid), "-n", "0"));
        Cli.Result unknown = Cli.run("query", "--data-dir", data.toString(), "-u", "no-such-user-here");
        assertEquals(2, unknown.code(), "a name nobody knows is a bad argument");
        assertTrue(unknown.err().contains("unknown user 'no-such-user-here'"), unknown.err());
    }

    @Test
    void singleOwnerSubtrees() {
        assertSameRows(expected(alpha, e -> e.getValue().uid >= 0, d -> d.allocR, true, 0), paths("alpha", "-s", "-n", "0"));
    }

    @Test
    void accessTimesAbsoluteAndRelativeToTheScanDate() {
        assertSameRows(expected(alpha, e -> e.getValue().atimeR != null && e.getValue().atimeR < epoch("2024-01-01"),
                d -> d.allocR, true, 0), paths("alpha", "--accessed-before", "2024-01-01", "-n", "0"));
        // alpha's scan date is 2026-01-11: one year back is 2025-01-11.
        assertSameRows(expected(alpha, e -> e.getValue().atimeR != null && e.getValue().atimeR >= epoch("2025-01-11"),
                d -> d.allocR, true, 0), paths("alpha", "--accessed-after", "1yrs", "-n", "0"));
        assertSameRows(expected(alpha, e -> e.getValue().atimeNr != null && e.getValue().atimeNr < epoch("2023-01-11"),
                d -> d.allocR, true, 0), paths("alpha", "--accessed-before", "3yrs", "--atime-non-recursive", "-n", "0"));
    }

    @Test
    void sizesCountsAndAverages() {
        assertSameRows(expected(alpha, e -> e.getValue().allocR >= (1L << 30) && e.getValue().allocR <= (1L << 40),
                d -> d.allocR, true, 0), paths("alpha", "--min-size", "1G", "--max-size", "1TiB", "-n", "0"));
        assertSameRows(expected(alpha, e -> e.getValue().filesR >= 100 && e.getValue().filesR <= 10_000, d -> d.allocR, true, 0),
                paths("alpha", "--min-files", "100", "--max-files", "10k", "-n", "0"));
        assertSameRows(expected(alpha, e -> e.getValue().filesNr > 0 && e.getValue().allocNr >= 1_000_000.0 * e.getValue().filesNr,
                d -> d.allocR, true, 0), paths("alpha", "--min-avg-size", "1MB", "-n", "0"));
        assertSameRows(expected(alpha, e -> e.getValue().filesNr > 0 && e.getValue().allocNr <= 65536.0 * e.getValue().filesNr,
                d -> d.allocR, true, 0), paths("alpha", "--max-avg-size", "64K", "-n", "0"));
    }

    @Test
    void nameGlobsAndLeaves() {
        Predicate<String> glob = p -> {
            String name = p.substring(p.lastIndexOf('/') + 1);
            return name.matches("run_1.*") || name.matches("d2.*");
        };
        assertSameRows(expected(alpha, e -> glob.test(e.getKey()), d -> d.allocR, true, 0),
                paths("alpha", "-N", "run_1*", "-N", "d2*", "-n", "0"));
        assertSameRows(expected(alpha, e -> e.getKey().substring(e.getKey().lastIndexOf('/') + 1).matches("run_1.*"),
                d -> d.allocR, true, 0), paths("alpha", "-N", "RUN_1*", "-i", "-n", "0"));
        assertSameRows(expected(alpha, e -> e.getValue().dirsNr == 0, d -> d.allocR, true, 0),
                paths("alpha", "--leaves-only", "-n", "0"));
    }

    @Test
    void everySortKeyAndReverse() {
        Map<String, ToLongFunction<Dir>> keys = new HashMap<>();
        keys.put("size_nr", d -> d.allocNr);
        keys.put("files", d -> d.filesR);
        keys.put("files_nr", d -> d.filesNr);
        keys.put("dirs", d -> d.dirsR);
        keys.put("dirs_nr", d -> d.dirsNr);
        keys.put("atime", d -> d.atimeR == null ? Long.MIN_VALUE : d.atimeR);
        keys.put("atime_nr", d -> d.atimeNr == null ? Long.MIN_VALUE : d.atimeNr);
        keys.forEach((key, f) -> assertSameRows(expected(alpha, e -> true, f, true, 40), paths("alpha", "--sort-by", key, "-n", "40"), key));
        assertSameRows(expected(alpha, e -> true, d -> 0, false, 40), paths("alpha", "--sort-by", "path", "-n", "40"));
        assertSameRows(expected(alpha, e -> true, d -> 0, false, 0).stream()
                        .sorted(Comparator.comparingInt(QueryCommandTest::depth).thenComparing(TREE_ORDER)).limit(40).toList(),
                paths("alpha", "--sort-by", "depth", "-n", "40"));
        assertSameRows(expected(alpha, e -> true, d -> d.filesR, false, 30), paths("alpha", "--sort-by", "files", "--reverse", "-n", "30"));
        assertEquals(alpha.dirs.size(), paths("alpha", "-n", "0").size());
    }

    @Test
    void everyReportSaysItsScanAndEveryFormatHoldsTheSameRows() throws Exception {
        Cli.Result table = Cli.run("query", "alpha", "--data-dir", data.toString(), "--format", "table", "-n", "3", "-v");
        assertTrue(table.out().startsWith("scan alpha of 2026-01-11 ("), table.out());
        assertTrue(table.out().contains("newest access") && table.out().contains("group"), table.out());
        String json = Cli.run("query", "alpha", "--data-dir", data.toString(), "--format", "json", "-n", "3").out();
        assertTrue(json.startsWith("{\"scans\":[{\"fs\":\"alpha\",\"scan_date\":\"2026-01-11\""), json);
        assertEquals(3, json.split("\"path\":").length - 1);
        String csv = Cli.run("query", "alpha", "--data-dir", data.toString(), "--format", "csv", "-n", "3").out();
        assertTrue(csv.startsWith("fs,scan_date,path,size,own_size,files,own_files,newest_access,user\n"), csv);
        Path file = dir.resolve("out.tsv");
        assertEquals(0, Cli.run("query", "alpha", "--data-dir", data.toString(), "--format", "tsv", "-n", "3", "-o", file.toString()).code());
        assertEquals(4, Files.readAllLines(file).size());
        assertEquals(2, Cli.run("query", "alpha", "--data-dir", data.toString(), "--format", "xml").code());
    }

    @Test
    void summaryPerDatabase() {
        List<List<String>> rows = tsv("--summary");
        assertEquals(2, rows.size());
        assertEquals(List.of("alpha", "2026-01-11", Long.toString(alpha.dirs.size()), Long.toString(alpha.files)),
                rows.get(0).subList(0, 4));
        assertEquals(List.of("beta", "2025-12-01", Long.toString(beta.dirs.size()), Long.toString(beta.files)),
                rows.get(1).subList(0, 4));
        long owners = alpha.perUid.size();
        assertEquals(Long.toString(owners), rows.get(0).get(7));
    }

    @Test
    void ownerTotalsAreExactToTheFileEvenInMixedDirectories() {
        assertTrue(alpha.dirs.values().stream().anyMatch(d -> d.ownUids.size() > 1), "the scan has mixed-owner directories");
        Map<Long, Long> expectedBytes = new HashMap<>();
        alpha.perUid.forEach((uid, v) -> expectedBytes.merge(uid, v[1], Long::sum));
        beta.perUid.forEach((uid, v) -> expectedBytes.merge(uid, v[1], Long::sum));
        Map<Long, Long> actual = tsv("--group-by", "owner", "-n", "0").stream()
                .collect(Collectors.toMap(r -> Long.parseLong(r.get(1)), r -> Long.parseLong(r.get(2))));
        assertEquals(expectedBytes, actual);

        String user = bigUserDirectory();
        Map<Long, Long> scoped = new HashMap<>();
        alpha.dirs.forEach((p, d) -> {
            if (p.equals(user) || p.startsWith(user + "/")) {
                d.ownUids.forEach((uid, v) -> scoped.merge(uid, v[0], Long::sum));
            }
        });
        assertEquals(scoped, tsv("alpha", "--group-by", "owner", "-P", user, "-n", "0").stream()
                .collect(Collectors.toMap(r -> Long.parseLong(r.get(1)), r -> Long.parseLong(r.get(4)))));
        Map<Long, Long> deep = new HashMap<>();
        alpha.dirs.forEach((p, d) -> {
            if (depth(p) >= 5) {
                d.ownGids.forEach((gid, v) -> deep.merge(gid, v[1], Long::sum));
            }
        });
        assertEquals(deep, tsv("alpha", "--group-by", "group", "-d", "5", "-n", "0").stream()
                .collect(Collectors.toMap(r -> Long.parseLong(r.get(1)), r -> Long.parseLong(r.get(2)))));
    }

    @Test
    void allMergesThenSortsAndLimits() {
        List<Map.Entry<String, Long>> both = new ArrayList<>();
        alpha.dirs.forEach((p, d) -> both.add(Map.entry("alpha " + p, d.filesR)));
        beta.dirs.forEach((p, d) -> both.add(Map.entry("beta " + p, d.filesR)));
        both.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> actual = tsv("all", "--sort-by", "files", "-n", "25").stream().map(r -> r.get(0) + " " + r.get(2)).toList();
        assertEquals(25, actual.size());
        for (int i = 0; i < 25; i++) {
            long expectedFiles = both.get(i).getValue();
            String row = actual.get(i);
            long files = (row.startsWith("alpha") ? alpha : beta).dirs.get(row.substring(row.indexOf(' ') + 1)).filesR;
            assertEquals(expectedFiles, files, "row " + i);
        }
        assertTrue(actual.stream().anyMatch(r -> r.startsWith("beta")) || both.subList(0, 25).stream().noneMatch(e -> e.getKey().startsWith("beta")));
    }

    @Test
    void unknownDatabasesAreAnErrorThatListsTheKnownOnes() {
        Cli.Result r = Cli.run("query", "gamma", "--data-dir", data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no database 'gamma'") && r.err().contains("alpha, beta"), r.err());
        assertTrue(!Files.exists(data.resolve("gamma.db")));
        Cli.Result none = Cli.run("query", "--data-dir", dir.resolve("empty").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("import a scan first"), none.err());
    }

    @Test
    void aDatabaseFileMayBeGivenInPlaceOfAName() {
        String empty = dir.resolve("no-data-here").toString();
        List<String> byName = Cli.run("query", "alpha", "--data-dir", data.toString(), "--format", "tsv").out().lines().toList();
        Cli.Result byFile = Cli.run("query", data.resolve("alpha.db").toString(), "--data-dir", empty, "--format", "tsv");
        assertEquals(0, byFile.code(), byFile.err());
        assertEquals(51, byFile.out().lines().count(), "a header and the 50 biggest directories");
        assertEquals(byName, byFile.out().lines().toList());
        Cli.Result du = Cli.run("du", data.resolve("beta.db").toString(), "--data-dir", empty, "-d", "1");
        assertEquals(0, du.code(), du.err());
        assertTrue(du.out().contains("/gpfs/other"), du.out());
        Cli.Result missing = Cli.run("query", dir.resolve("nosuch.db").toString(), "--data-dir", empty);
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no database '" + dir.resolve("nosuch.db") + "': not a file"), missing.err());
        assertTrue(missing.out().isEmpty(), missing.out());
    }

    @Test
    void aDashForTheOutputFileIsStandardOutput() {
        Cli.Result plain = Cli.run("query", "beta", "--data-dir", data.toString(), "-n", "5");
        Cli.Result dash = Cli.run("query", "beta", "--data-dir", data.toString(), "-n", "5", "-o", "-");
        assertEquals(0, dash.code(), dash.err());
        assertEquals(6, plain.out().lines().count(), "a header and five rows, TSV off a terminal: " + plain.out());
        assertEquals(plain.out(), dash.out());
        assertTrue(!Files.exists(Path.of("-")), "no file named -");
    }

    @Test
    void pathsWithQuotesWildcardsAndSpacesMatchLiterally() throws Exception {
        String[] odd = {"it's", "100%", "a_b", "star*", "two words", "back\\slash", "what?"};
        StringBuilder scan = new StringBuilder();
        for (String name : odd) {
            scan.append("<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /odd/").append(name).append('\n');
            scan.append("<1> 3 4 0  s=10 a=0 u=1 g=1 p=-rw-r--r-- -- /odd/").append(name).append("/f\n");
        }
        scan.append("<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /odd/abb\n");
        scan.append("<1> 1 2 0  s=4096 a=4 u=1 g=1 p=drwxr-xr-x -- /odd/100x\n");
        Path file = dir.resolve("20260101_s_odd.list.list_all.log");
        Files.writeString(file, scan.toString());
        Path oddData = dir.resolve("odd-data");
        assertEquals(0, Cli.run("import", file.toString(), "--data-dir", oddData.toString(), "-q").code());
        for (String name : odd) {
            Cli.Result r = Cli.run("query", "odd", "--data-dir", oddData.toString(), "--format", "tsv", "-P", "/odd/" + name);
            assertEquals(0, r.code(), r.err());
            List<String> lines = List.of(r.out().split("\n"));
            assertEquals(2, lines.size(), name + ": " + r.out());
            assertTrue(lines.get(1).contains("\t/odd/" + name + "\t"), lines.get(1));
        }
    }
}
