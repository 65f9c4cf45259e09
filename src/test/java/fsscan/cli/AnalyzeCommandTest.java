package fsscan.cli;

import fsscan.testutil.TestScans;
import fsscan.testutil.ReferenceScan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Histograms against the files of the scan itself, at bucket edges and over scopes and users. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeCommandTest {

    @TempDir
    static Path dir;
    Path db;
    ReferenceScan ref;
    static final LocalDate SCAN_DATE = LocalDate.of(2026, 1, 11);
    static final long[] SIZE_EDGES = {1024, 10240, 102400, 1048576, 10485760, 104857600, 1073741824L, 10737418240L,
        107374182400L};

    @BeforeAll
    void importAScan() throws Exception {
        byte[] scan = TestScans.generate(31, 40_000, 0, "/gpfs/csfs1");
        db = TestScans.imported(dir, "20260111_srv_hist.list.list_all.log", scan, "hist.db");
        ref = ReferenceScan.of(scan);
    }

    static int ageBucket(Long atime) {
        if (atime == null) {
            return 11;
        }
        int[] months = {1, 3, 6, 12, 24, 36, 48, 60, 72, 84};
        for (int b = 0; b < months.length; b++) {
            if (atime > SCAN_DATE.minusMonths(months[b]).toEpochDay() * 86400) {
                return b;
            }
        }
        return 10;
    }

    static int sizeBucket(long bytes) {
        int b = 0;
        while (b < SIZE_EDGES.length && bytes >= SIZE_EDGES[b]) {
            b++;
        }
        return b;
    }

    /** {files[], bytes[]} of the files kept, per bucket. */
    long[][] expected(Predicate<ReferenceScan.FileRecord> keep, boolean bySize) {
        long[][] h = new long[2][bySize ? 10 : 12];
        for (ReferenceScan.FileRecord f : ref.fileRecords) {
            if (keep.test(f)) {
                int b = bySize ? sizeBucket(f.allocated()) : ageBucket(f.atime());
                h[0][b]++;
                h[1][b] += f.allocated();
            }
        }
        return h;
    }

    private static final Pattern BUCKET = Pattern.compile("\\{\"label\":\"[^\"]*\",\"files\":(\\d+),\"bytes\":(\\d+)");

    /** {files[], bytes[]} from analyze's JSON. */
    static long[][] actual(String json) {
        List<long[]> rows = new ArrayList<>();
        Matcher m = BUCKET.matcher(json);
        while (m.find()) {
            rows.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        long[][] h = new long[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            h[0][i] = rows.get(i)[0];
            h[1][i] = rows.get(i)[1];
        }
        return h;
    }

    private String analyze(String... args) {
        List<String> all = new ArrayList<>(List.of("analyze", "--db", db.toString(), "--format", "json"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(all.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    @Test
    void wholeScanScopedAndPerUserHistogramsAreExact() {
        for (boolean bySize : new boolean[] {false, true}) {
            String kind = bySize ? "--file-size" : "--access-history";
            assertArrayEquals2(expected(f -> true, bySize), actual(analyze(kind)), kind);
            String user = ref.dirs.keySet().stream().filter(p -> depth(p) == 3)
                    .max(java.util.Comparator.comparingLong(p -> ref.dirs.get(p).filesR)).orElseThrow();
            assertArrayEquals2(expected(f -> f.dir().equals(user) || f.dir().startsWith(user + "/"), bySize),
                    actual(analyze(kind, "-P", user)), kind + " -P " + user);
            long uid = ref.perUid.keySet().stream().sorted().toList().get(1);
            assertArrayEquals2(expected(f -> f.uid() == uid && depth(f.dir()) >= 5, bySize),
                    actual(analyze(kind, "-u", Long.toString(uid), "-d", "5")), kind + " -u " + uid + " -d 5");
        }
    }

    private static void assertArrayEquals2(long[][] expected, long[][] actual, String what) {
        assertEquals(java.util.Arrays.toString(expected[0]), java.util.Arrays.toString(actual[0]), what + ": files");
        assertEquals(java.util.Arrays.toString(expected[1]), java.util.Arrays.toString(actual[1]), what + ": bytes");
    }

    @Test
    void theSameTotalsAsQueryGroupByOwner() {
        String user = ref.dirs.keySet().stream().filter(p -> depth(p) == 3).findFirst().orElseThrow();
        Map<Long, Long> fromQuery = new HashMap<>();
        Cli.Result q = Cli.run("query", "--db", db.toString(), "--format", "tsv", "--group-by", "owner", "-P", user, "-n", "0");
        for (String line : q.out().split("\n")) {
            if (!line.startsWith("user")) {
                String[] c = line.split("\t");
                fromQuery.put(Long.parseLong(c[1]), Long.parseLong(c[2]));
            }
        }
        Map<Long, Long> fromAnalyze = new HashMap<>();
        Cli.Result a = Cli.run("analyze", "--db", db.toString(), "--format", "csv", "--file-size", "-P", user, "--top-n", "1000");
        for (String line : a.out().split("\n")) {
            if (line.startsWith("user,")) {
                String[] c = line.split(",");
                fromAnalyze.merge(Long.parseLong(c[2]), Long.parseLong(c[5]), Long::sum);
            }
        }
        assertTrue(!fromQuery.isEmpty());
        assertEquals(fromQuery, fromAnalyze);
    }

    @Test
    void bucketEdges() throws Exception {
        String[] lines = {
            "<1> 1 1 0  s=1023 a=1 u=1 g=1 p=-rw-r--r-- ac=2026-01-11 09:00:00 -- /e/after-the-scan-date",
            "<1> 1 1 0  s=1024 a=1 u=1 g=1 p=-rw-r--r-- ac=2025-01-11 00:00:00 -- /e/exactly-one-year",
            "<1> 1 1 0  s=1025 a=1 u=1 g=1 p=-rw-r--r-- ac=2025-01-11 00:00:01 -- /e/a-second-less",
            "<1> 1 1 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- ac=2025-12-11 00:00:00 -- /e/exactly-one-month",
            "<1> 1 1 0  s=1 a=0 u=1 g=1 p=-rw-r--r-- -- /e/unknown-access",
            "<1> 1 1 0  s=5 a=104857600 u=1 g=1 p=-rw-r--r-- ac=2018-01-11 00:00:00 -- /e/seven-years-100-gib",
        };
        Path scan = dir.resolve("20260111_srv_edges.list.list_all.log");
        Files.writeString(scan, String.join("\n", lines) + "\n");
        Path edges = dir.resolve("edges.db");
        assertEquals(0, Cli.run("import", scan.toString(), "--db", edges.toString(), "-q").code());
        long[][] age = actual(Cli.run("analyze", "--db", edges.toString(), "--access-history", "--format", "json").out());
        // < 1 month: after the scan date; 1-3 months: exactly one month; 6-12 months: a second less than a year;
        // 1-2 years: exactly a year; 7+ years; unknown.
        assertEquals("[1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1]", java.util.Arrays.toString(age[0]));
        long[][] size = actual(Cli.run("analyze", "--db", edges.toString(), "--file-size", "--format", "json").out());
        // a=1 is 1024 allocated bytes: 1-10 KiB; two 1-byte files in the inode: 0-1 KiB; 100 GiB: 100 GiB+.
        assertEquals("[2, 3, 0, 0, 0, 0, 0, 0, 0, 1]", java.util.Arrays.toString(size[0]));
    }

    @Test
    void tableAndJsonShapes() {
        Cli.Result table = Cli.run("analyze", "--db", db.toString(), "--access-history", "--top-n", "2", "--format", "table");
        assertTrue(table.out().startsWith("scan hist of 2026-01-11"), table.out());
        assertTrue(table.out().contains("#") && table.out().contains("top: ") && table.out().contains("\ntotal "), table.out());
        String json = analyze("--file-size", "--top-n", "1");
        assertTrue(json.startsWith("{\"scans\":[{\"fs\":\"hist\",\"scan_date\":\"2026-01-11\""), json);
        assertTrue(json.contains("\"histogram\":\"file_size\",\"buckets\":[") && json.contains("\"top_users\":[{\"uid\":")
                && json.contains("\"total\":{\"files\":" + ref.files + ","), json);
        assertEquals(2, Cli.run("analyze", "--db", db.toString()).code(), "one of --access-history and --file-size");
        assertEquals(2, Cli.run("analyze", "--db", db.toString(), "--access-history", "--file-size").code());
    }
}
