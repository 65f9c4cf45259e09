package fsscan.bench;

import fsscan.db.ScanReader;
import fsscan.query.Query;
import fsscan.query.ScanStore;
import fsscan.query.Scope;
import fsscan.query.Sort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The query benchmark on an imported database (by default the one the import benchmark left:
 * the 10M-line scan): the questions of the query issue, each cold (first run on a fresh
 * connection) and warm (median of 20), through the same reader the command uses.
 *
 * <p>Usage: {@code QueryBenchmark [--db target/bench/bench.db] [--out bench/results]}
 */
public final class QueryBenchmark {

    interface Question {
        Object ask(ScanStore r) throws Exception;
    }

    /** The questions, named, for the database {@code db} (its biggest user tree and a 100,000-directory subtree). */
    record Cases(List<String> names, List<Question> questions) {
    }

    static Cases cases(Path db) throws Exception {
        String big;
        String subtree;
        long subtreeDirs;
        long directories;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT directory_count FROM scan_metadata")) {
                rs.next();
                directories = rs.getLong(1);
            }
            // A user's tree (depth 3) for the scoped listing; the subtree closest to 100,000 directories for owners.
            try (ResultSet rs = st.executeQuery("SELECT d.dir_id FROM directories d JOIN directory_stats s USING (dir_id)"
                    + " WHERE d.depth = 3 ORDER BY s.dir_count_r DESC LIMIT 1")) {
                rs.next();
                big = path(st, rs.getLong(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT dir_id, dir_count_r FROM directory_stats"
                    + " ORDER BY abs(dir_count_r - 100000) LIMIT 1")) {
                rs.next();
                long id = rs.getLong(1);
                subtreeDirs = rs.getLong(2);
                subtree = path(st, id);
            }
        }
        Query scoped = Query.builder().under(List.of(big)).build();
        Query owners = Query.builder().under(List.of(subtree)).build();
        Query stale = Query.builder().under(List.of(big)).accessed(null, "3yrs", false).build();
        List<String> names = List.of(
                "listing scoped to " + big + " (top 50 by size)",
                "--group-by owner over " + subtree + " (" + String.format(Locale.ROOT, "%,d", subtreeDirs) + " directories)",
                "--summary",
                "whole file system, top 50 by size (" + String.format(Locale.ROOT, "%,d", directories) + " directories)",
                "scoped listing, not accessed in 3 years",
                "analyze --access-history over " + big,
                "analyze --file-size over " + subtree + " for its biggest user",
                "analyze --access-history, whole file system (" + String.format(Locale.ROOT, "%,d", directories) + " directories)");
        List<Question> questions = List.of(
                r -> r.list(scoped, Sort.SIZE, false, 50),
                r -> r.ownerTotals(owners, false),
                ScanStore::summary,
                r -> r.list(Query.ALL, Sort.SIZE, false, 50),
                r -> r.list(stale, Sort.SIZE, false, 50),
                r -> r.histogram(scoped.scope(), List.of(), false),
                r -> r.histogram(owners.scope(), List.of(biggestUser(r, owners)), true),
                r -> r.histogram(Scope.ALL, List.of(), false));
        return new Cases(names, questions);
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args.length >= 2 && args[0].equals("--db") ? args[1] : "target/bench/bench.db");
        Path out = Path.of("bench/results");
        Cases cases = cases(db);
        List<String> names = cases.names();
        List<Question> questions = cases.questions();
        StringBuilder report = new StringBuilder("| question | cold ms | warm ms (median of 20) |\n|---|---|---|\n");
        for (int q = 0; q < questions.size(); q++) {
            double cold;
            try (ScanReader r = ScanReader.open(db)) {
                long t0 = System.nanoTime();
                questions.get(q).ask(r);
                cold = (System.nanoTime() - t0) / 1e6;
            }
            double[] warm = new double[20];
            try (ScanReader r = ScanReader.open(db)) {
                questions.get(q).ask(r);
                for (int i = 0; i < warm.length; i++) {
                    long t0 = System.nanoTime();
                    questions.get(q).ask(r);
                    warm[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(warm);
            report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", names.get(q), cold, warm[warm.length / 2]));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("query.md"), report.toString());
        System.out.print(report);
    }

    private static long biggestUser(ScanStore r, Query scope) throws Exception {
        return r.ownerTotals(scope, false).stream().max(java.util.Comparator.comparingLong(fsscan.query.OwnerRow::totalSize))
                .orElseThrow().id();
    }

    private static String path(Statement st, long id) throws Exception {
        List<String> parts = new ArrayList<>();
        long current = id;
        while (true) {
            try (ResultSet rs = st.executeQuery("SELECT parent_id, name FROM directories WHERE dir_id = " + current)) {
                rs.next();
                parts.add(0, rs.getString(2));
                long parent = rs.getLong(1);
                if (rs.wasNull()) {
                    break;
                }
                current = parent;
            }
        }
        return String.join("/", parts);
    }
}
