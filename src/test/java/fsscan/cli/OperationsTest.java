package fsscan.cli;

import fsscan.scan.LineParser;
import fsscan.scan.ParsedLine;
import fsscan.testutil.Db;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an administrator meets first: the policy that makes a scan, the launcher, completion, -V, a quiet import. */
class OperationsTest {

    @TempDir
    Path dir;

    /** The keys the example policy's SHOW writes, in its order. */
    private static List<String> policyKeys() throws Exception {
        String policy = Files.readString(Path.of("examples/list-all.policy"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("'\\s?([a-z]+)='").matcher(policy.substring(policy.indexOf("SHOW(")));
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void aLineInTheExamplePolicysShapeParses() throws Exception {
        List<String> keys = policyKeys();
        assertTrue(keys.containsAll(List.of("s", "a", "u", "g", "p", "ac")), "the policy shows what fsscan reads: " + keys);
        // mmapplypolicy -I defer writes: inode, generation, snapshot id, the SHOW text, " -- ", the path;
        // VARCHAR of a timestamp is 'YYYY-MM-DD HH:MM:SS.ffffff'.
        StringBuilder show = new StringBuilder();
        for (String k : keys) {
            String v = switch (k) {
                case "s" -> "1048576";
                case "a" -> "1024";
                case "u" -> "1001";
                case "g" -> "100";
                case "p" -> "-rw-r--r--";
                case "nl" -> "1";
                default -> "2025-12-01 10:00:00.123456";
            };
            show.append(show.length() == 0 ? "" : " ").append(k).append('=').append(v);
        }
        String line = "1234567 1404577282 0  " + show + " -- /gpfs/csfs1/proj/run 1/out -- final.nc";
        ParsedLine p = new ParsedLine();
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        new LineParser(false).parse(b, 0, b.length, p);
        assertEquals(ParsedLine.Kind.DATA, p.kind, p.malformedReason);
        assertEquals(List.of(1048576L, 1024L * 1024, 1001L, 100L), List.of(p.size, p.allocatedBytes(), p.uid, p.gid));
        assertEquals("/gpfs/csfs1/proj/run 1/out -- final.nc", p.path());
        assertEquals(LineParser.daysFromCivil(2025, 12, 1) * 86400 + 36000, p.accessTime);

        // The file mmapplypolicy -f PREFIX writes, PREFIX.list.all, names the file system and the date.
        Path list = dir.resolve("20260111_nsd01_csfs1.list.all");
        Files.writeString(list, line + "\n" + line.replace("p=-rw-r--r--", "p=drwxr-xr-x").replace("/out -- final.nc", "") + "\n");
        Cli.Result r = Cli.run("import", list.toString(), "--data-dir", dir.resolve("data").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("csfs1", "2026-01-11", 1L), Db.rows(dir.resolve("data/csfs1.db"),
                "SELECT filesystem, scan_date, file_count FROM scan_metadata").get(0));
    }

    @Test
    void theLauncherFindsItsCheckoutThroughALinkFromAnyDirectory() throws Exception {
        Path real = dir.resolve("opt/fsscan");
        Files.createDirectories(real.resolve("bin"));
        Files.copy(Path.of("bin/fsscan"), real.resolve("bin/fsscan"));
        Path link = Files.createSymbolicLink(dir.resolve("fsscan"), real.resolve("bin/fsscan"));
        Process p = new ProcessBuilder("bash", link.toString(), "-V").directory(Path.of("/").toFile()).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        // No jar was built in this copy: the launcher names where it looked, in the real checkout.
        assertEquals(1, p.exitValue());
        assertTrue(err.contains(real.toRealPath().resolve("target/fsscan.jar").toString()), err);
    }

    @Test
    void bashCompletionComesFromTheCommandsDefinitions() throws Exception {
        Cli.Result r = Cli.run("generate-completion");
        assertEquals(0, r.code(), r.err());
        Path script = dir.resolve("fsscan_completion");
        Files.writeString(script, r.out());
        Process p = new ProcessBuilder("bash", "-c", "source \"$0\" && complete -p fsscan", script.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("complete ") && out.strip().endsWith(" fsscan"), out);
        assertTrue(r.out().contains("--sort-by") && r.out().contains("size_nr"), "options and their values complete");
    }

    @Test
    void versionOnEveryCommandAndAQuietImport() throws Exception {
        for (String command : List.of("import", "query", "analyze", "compare", "publish", "generate")) {
            Cli.Result v = Cli.run(command, "-V");
            assertEquals(0, v.code(), command);
            assertTrue(v.out().matches("fsscan \\S+ \\(commit \\S+\\)\\n"), command + ": " + v.out());
        }
        Path scan = dir.resolve("20260111_s_q.list");
        Files.writeString(scan, "1 2 0  s=10 a=1 u=1 g=1 p=-rw-r--r-- -- /q/f\n");
        Cli.Result quiet = Cli.run("import", scan.toString(), "--db", dir.resolve("q.db").toString());
        assertEquals(0, quiet.code(), quiet.err());
        assertFalse(quiet.out().contains("busy"), "no per-actor table unless asked: " + quiet.out());
        Cli.Result stats = Cli.run("import", scan.toString(), "--db", dir.resolve("q.db").toString(), "--stats");
        assertTrue(stats.out().contains("busy %") && stats.out().contains("on CPU %") && stats.out().contains("accumulator"),
                stats.out());
        // A thread runs at most the wall-clock time of its messages: on CPU is never above busy
        // (both shown to 0.1 %).
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^  (\\S+)\\s+[\\d,]+\\s+[\\d.]+\\s+([\\d.]+)%\\s+([\\d.]+)%")
                .matcher(stats.out());
        int rows = 0;
        while (row.find()) {
            rows++;
            assertTrue(Double.parseDouble(row.group(3)) <= Double.parseDouble(row.group(2)) + 0.1, row.group());
        }
        assertTrue(rows >= 2, "the accumulator's and a parser's rows at least: " + stats.out());
        // The accumulator's own threads have rows of their own, beside its row (on CPU "-" for a
        // thread given no work): the table is in name order, whatever order the actors started in.
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("(?m)^  (\\S+(?: \\(pool\\))?)\\s+[\\d,]+\\s+[\\d.]+\\s+[\\d.]+%")
                .matcher(stats.out());
        List<String> names = new java.util.ArrayList<>();
        while (named.find()) {
            names.add(named.group(1));
        }
        assertEquals(List.of("accumulator", "accumulator-apply", "accumulator-copy", "accumulator-find"),
                names.subList(0, 4), stats.out());
        assertEquals(names.stream().sorted().toList(), names, stats.out());
    }

    @Test
    void namesFromTheNameServiceOrFromExportedFiles() throws Exception {
        Path scan = dir.resolve("20260111_s_names.list");
        Files.writeString(scan, "1 2 0  s=10 a=1 u=0 g=0 p=-rw-r--r-- -- /n/root-file\n"
                + "1 2 0  s=10 a=1 u=65534 g=65534 p=-rw-r--r-- -- /n/nobody-file\n"
                + "1 2 0  s=10 a=1 u=4242 g=4343 p=-rw-r--r-- -- /n/ldap-file\n");
        // The machine's own users, through NSS (getent), saved at import.
        Path db = dir.resolve("names.db");
        assertEquals(0, Cli.run("import", scan.toString(), "--db", db.toString(), "-q").code());
        String root = getent("passwd", "0");
        assertEquals(root, Db.value(db, "SELECT name FROM owner_names WHERE kind = 'user' AND id = 0"));
        Cli.Result byName = Cli.run("query", "--db", db.toString(), "-u", root, "--format", "tsv", "-n", "0");
        assertEquals(0, byName.code(), byName.err());
        assertEquals(List.of("/n"), byName.out().lines().skip(1).map(l -> l.split("\t")[2]).toList());

        // Exported files (an LDAP dump), at import and at query time.
        Path passwd = dir.resolve("passwd");
        Path group = dir.resolve("group");
        Files.writeString(passwd, "# export\nldapuser:x:4242:4343:LDAP User:/home/ldapuser:/bin/bash\n");
        Files.writeString(group, "ldapgroup:x:4343:ldapuser\n");
        Path exported = dir.resolve("exported.db");
        assertEquals(0, Cli.run("import", scan.toString(), "--db", exported.toString(), "-q", "--passwd", passwd.toString(),
                "--group-file", group.toString()).code());
        assertEquals(List.of(List.of("group", 4343L, "ldapgroup"), List.of("user", 4242L, "ldapuser")),
                Db.rows(exported, "SELECT kind, id, name FROM owner_names ORDER BY kind, id"));
        Cli.Result owners = Cli.run("query", "--db", db.toString(), "--group-by", "owner", "--format", "tsv", "--passwd",
                passwd.toString());
        assertTrue(owners.out().contains("\nldapuser\t4242\t"), "a name the import did not know comes from the file: " + owners.out());
        Cli.Result groups = Cli.run("query", "--db", db.toString(), "-g", "ldapgroup", "--group-file", group.toString(),
                "--format", "tsv", "-n", "0");
        assertEquals(0, groups.code(), groups.err());
        assertEquals(2, groups.out().lines().count(), groups.out());
    }

    private static String getent(String db, String key) throws Exception {
        Process p = new ProcessBuilder("getent", db, key).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.split(":")[0];
    }

    @Test
    void duShowsTheTreeBelowAPathWithTheDatabasesFigures() throws Exception {
        Path db = fsscan.testutil.TestScans.imported(dir, "20260111_s_du.list", fsscan.testutil.TestScans.generate(3, 6_000, 0,
                "/gpfs/du"), "du.db");
        java.util.Map<Long, String> paths = Db.paths(db);
        java.util.Map<String, long[]> figures = new java.util.HashMap<>();
        java.util.Map<String, Integer> depths = new java.util.HashMap<>();
        for (List<Object> r : Db.rows(db, "SELECT d.dir_id, s.total_size_r, s.file_count_r, d.depth FROM directories d"
                + " JOIN directory_stats s USING (dir_id)")) {
            figures.put(paths.get((Long) r.get(0)), new long[] {(Long) r.get(1), (Long) r.get(2)});
            depths.put(paths.get((Long) r.get(0)), ((Long) r.get(3)).intValue());
        }
        String top = depths.entrySet().stream().filter(e -> e.getValue() == 3).map(java.util.Map.Entry::getKey)
                .max(java.util.Comparator.comparingLong(p -> figures.get(p)[0])).orElseThrow();
        Cli.Result r = Cli.run("du", "--db", db.toString(), top, "-d", "2", "--format", "tsv");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = r.out().lines().skip(1).map(l -> l.split("\t")).toList();
        long expected = depths.entrySet().stream().filter(e -> (e.getKey().equals(top) || e.getKey().startsWith(top + "/"))
                && e.getValue() <= 5).count();
        assertEquals(expected, rows.size(), "every directory down to two levels below " + top);
        assertEquals(top, rows.get(0)[5]);
        java.util.Map<String, Long> shown = new java.util.HashMap<>();
        String previousAtLevel = null;
        for (String[] row : rows) {
            String path = row[5];
            assertEquals(figures.get(path)[0], Long.parseLong(row[0]), path);
            assertEquals(figures.get(path)[1], Long.parseLong(row[1]), path);
            shown.put(path, Long.parseLong(row[0]));
            if (!path.equals(top)) {
                String parent = path.substring(0, path.lastIndexOf('/'));
                double share = figures.get(parent)[0] == 0 ? 0 : figures.get(path)[0] / (double) figures.get(parent)[0];
                assertEquals(share, Double.parseDouble(row[2]), 1e-9, path);
                assertTrue(shown.containsKey(parent), "a parent comes before its children: " + path);
            }
            previousAtLevel = path;
        }
        assertTrue(previousAtLevel != null);
        // Siblings biggest first.
        List<String> level1 = rows.stream().filter(x -> Integer.parseInt(x[4]) == 4).map(x -> x[5]).toList();
        List<Long> sizes = level1.stream().map(p -> figures.get(p)[0]).toList();
        List<Long> sorted = new ArrayList<>(sizes);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, sizes);
        Cli.Result table = Cli.run("du", "--db", db.toString(), top, "--format", "table");
        assertTrue(table.out().lines().anyMatch(l -> l.matches(".*100\\.0%.*  " + java.util.regex.Pattern.quote(top))), table.out());
        assertEquals(1, Cli.run("du", "--db", db.toString(), "/no/such/dir").code());
    }

    @Test
    void historyOfAGrowingTreeWithItsTrendAndQuotaDay() throws Exception {
        byte[] base = fsscan.testutil.TestScans.generate(5, 4_000, 0, "/gpfs/grow");
        byte[] more = fsscan.testutil.TestScans.generate(6, 1_500, 0, "/gpfs/grow/new1");
        byte[] most = fsscan.testutil.TestScans.generate(7, 2_500, 0, "/gpfs/grow/new2");
        Path data = dir.resolve("data");
        String[] dates = {"20260104", "20260111", "20260118"};
        byte[][] scans = {base, concat(base, more), concat(concat(base, more), most)};
        for (int i = 0; i < 3; i++) {
            Path scan = fsscan.testutil.TestScans.write(dir, dates[i] + "_s_grow.list", scans[i]);
            Cli.Result r = Cli.run("import", scan.toString(), "--data-dir", data.toString(), "--keep-previous",
                    data.resolve("archive").toString(), "-q");
            assertEquals(0, r.code(), r.err());
        }
        // The figures of /gpfs/grow in each scan, from the databases themselves.
        List<Path> dbs = List.of(data.resolve("archive/grow-2026-01-04.db"), data.resolve("archive/grow-2026-01-11.db"),
                data.resolve("grow.db"));
        long[] bytes = new long[3];
        for (int i = 0; i < 3; i++) {
            bytes[i] = (Long) Db.value(dbs.get(i), "SELECT SUM(total_size_nr) FROM directory_stats");
        }
        assertTrue(bytes[0] < bytes[1] && bytes[1] < bytes[2], java.util.Arrays.toString(bytes));
        // Least squares by hand: days 0, 7, 14.
        double meanX = 7;
        double meanY = (bytes[0] + bytes[1] + bytes[2]) / 3.0;
        double slope = ((0 - meanX) * (bytes[0] - meanY) + (7 - meanX) * (bytes[1] - meanY) + (14 - meanX) * (bytes[2] - meanY))
                / (49.0 + 0 + 49.0);
        double intercept = meanY - slope * meanX;
        long quota = bytes[2] * 3;
        java.time.LocalDate full = java.time.LocalDate.of(2026, 1, 4).plusDays((long) Math.ceil((quota - intercept) / slope));

        Path png = dir.resolve("grow.png");
        Cli.Result h = Cli.run("history", "grow", "--data-dir", data.toString(), "-P", "/gpfs/grow", "--quota",
                Long.toString(quota), "--plot", png.toString(), "--format", "json");
        assertEquals(0, h.code(), h.err());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(h.out());
        List<Long> sizes = new ArrayList<>();
        json.get("scans").forEach(n -> sizes.add(n.get("size").asLong()));
        assertEquals(List.of(bytes[0], bytes[1], bytes[2]), sizes);
        assertEquals(slope, json.get("trend").get("bytes_per_day").asDouble(), 1e-6 * Math.abs(slope));
        assertEquals(full.toString(), json.get("trend").get("quota_reached").asText());
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertTrue(java.util.Arrays.equals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, head), "a PNG");
        Cli.Result table = Cli.run("history", "grow", "--data-dir", data.toString(), "--quota", Long.toString(quota),
                "--format", "table");
        assertTrue(table.out().contains("quota ") && table.out().contains(full.toString()), table.out());

        // Kept scans by name in compare, and a warning when two file systems are compared.
        Cli.Result previous = Cli.run("compare", "grow@previous", "grow", "--data-dir", data.toString(), "--format", "json");
        assertEquals(0, previous.code(), previous.err());
        assertTrue(previous.out().contains("grow-2026-01-11.db"), previous.out());
        Cli.Result byDate = Cli.run("compare", "grow@2026-01-04", "grow@2026-01-11", "--data-dir", data.toString(), "--format", "tsv");
        assertEquals(0, byDate.code(), byDate.err());
        Cli.Result missing = Cli.run("compare", "grow@2025-01-01", "grow", "--data-dir", data.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("kept: 2026-01-04, 2026-01-11"), missing.err());
        Path other = fsscan.testutil.TestScans.imported(dir, "20260118_s_other.list", more, "other.db");
        Cli.Result two = Cli.run("compare", dbs.get(2).toString(), other.toString(), "--format", "tsv");
        assertTrue(two.err().contains("OLD is a scan of grow and NEW of other"), two.err());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void pathAliasesAndPlacesThatNameNothing() throws Exception {
        Path db = fsscan.testutil.TestScans.imported(dir, "20260111_s_al.list", fsscan.testutil.TestScans.generate(9, 3_000, 0,
                "/gpfs/fs"), "al.db");
        String sub = (String) Db.value(db, "SELECT name FROM directories WHERE depth = 3 ORDER BY dir_id LIMIT 1");
        Path conf = dir.resolve("application.conf");
        Files.writeString(conf, "fsscan.path-aliases { \"/glade/campaign\" = \"/gpfs/fs\" }\n");
        String previous = System.getProperty("config.file");
        System.setProperty("config.file", conf.toString());
        try {
            Cli.Result viaAlias = Cli.run("query", "--db", db.toString(), "-P", "/glade/campaign/" + sub, "--format", "tsv", "-n", "0");
            Cli.Result direct = Cli.run("query", "--db", db.toString(), "-P", "/gpfs/fs/" + sub, "--format", "tsv", "-n", "0");
            assertEquals(0, viaAlias.code(), viaAlias.err());
            assertTrue(viaAlias.out().lines().count() > 1, viaAlias.out());
            assertEquals(direct.out(), viaAlias.out());
            assertEquals("fsscan query: note: /glade/campaign/" + sub + " is /gpfs/fs/" + sub + " in the scan", viaAlias.err().strip());
            assertEquals("", direct.err());
        } finally {
            if (previous == null) {
                System.clearProperty("config.file");
            } else {
                System.setProperty("config.file", previous);
            }
        }
        Cli.Result nothing = Cli.run("query", "--db", db.toString(), "-P", "/gpfs/fs/no-such-dir", "--format", "tsv");
        assertEquals(0, nothing.code(), "not an error");
        assertEquals(1, nothing.out().lines().count(), nothing.out());
        assertEquals("fsscan query: note: no directory /gpfs/fs/no-such-dir in the scan (its root is /gpfs/fs)", nothing.err().strip());
        Cli.Result above = Cli.run("query", "--db", db.toString(), "-P", "/gpfs", "--format", "tsv", "-n", "1");
        assertEquals("", above.err(), "a path above the root is a place of the scan");
    }

    /** Every file entry of an ncdu export: path -> dsize. */
    private static java.util.Map<String, Long> ncduFiles(Path file) throws Exception {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        walk(root.get(3), "", out);
        return out;
    }

    private static void walk(com.fasterxml.jackson.databind.JsonNode dir, String parent, java.util.Map<String, Long> out) {
        String name = parent.isEmpty() ? dir.get(0).get("name").asText() : parent + "/" + dir.get(0).get("name").asText();
        for (int i = 1; i < dir.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode e = dir.get(i);
            if (e.isArray()) {
                walk(e, name, out);
            } else {
                out.put(name + "/" + e.get("name").asText(), e.has("dsize") ? e.get("dsize").asLong() : 0L); // ncdu leaves out a 0
            }
        }
    }

    @Test
    void anNcduExportReadsBackInNcduWithItsFigures() throws Exception {
        Path db = fsscan.testutil.TestScans.imported(dir, "20260111_s_nc.list", fsscan.testutil.TestScans.generate(4, 4_000, 0,
                "/gpfs/nc"), "nc.db");
        Path export = dir.resolve("nc.ncdu");
        Cli.Result r = Cli.run("export", "--ncdu", "--db", db.toString(), "-o", export.toString());
        assertEquals(0, r.code(), r.err());
        // "-o -" is standard output (fsscan export --ncdu -o - | ncdu -f-): the same bytes, no file named "-".
        Cli.Result piped = Cli.run("export", "--ncdu", "--db", db.toString(), "-o", "-");
        assertEquals(0, piped.code(), piped.err());
        assertEquals(Files.readString(export), piped.out());
        assertFalse(Files.exists(Path.of("-")), "no file named -");
        java.util.Map<String, Long> ours = ncduFiles(export);
        long total = ours.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(Db.value(db, "SELECT SUM(total_size_nr) FROM directory_stats"), total, "every allocated byte once");
        assertEquals(Db.value(db, "SELECT COUNT(*) FROM directory_stats WHERE file_count_nr > 0"), (long) ours.size());
        Path again = dir.resolve("again.ncdu");
        Process p = new ProcessBuilder("ncdu", "-f", export.toString(), "-o", again.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "ncdu reads the export: " + said);
        assertEquals(ours, ncduFiles(again), "ncdu's own export of it holds the same entries and figures");
    }
}
