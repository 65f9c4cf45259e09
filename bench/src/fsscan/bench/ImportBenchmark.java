package fsscan.bench;

import fsscan.gen.ScanGenerator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The import benchmark: generated scans of several sizes imported by the real command
 * ({@code bin/fsscan import}) with several worker counts, several runs each. Two references are
 * measured in the same run, on the same file, and every result is also given as a ratio to them:
 * reading the file ({@code cat FILE > /dev/null}, after a warm-up) and a single-threaded Java loop
 * that only finds the line ends and the {@code " -- "} separators.
 *
 * <p>Usage: {@code ImportBenchmark [--sizes 1000000,10000000] [--workers 1,2] [--runs 3]
 * [--dir target/bench] [--out bench/results]}
 */
public final class ImportBenchmark {

    record Run(double wallSeconds, long rssKb, long lines, long directories, long dbBytes,
               Map<String, Double> busyPercent, Map<String, Double> spanSeconds, double lastParseEnd,
               double traceEnd) {
    }

    record Result(long size, int workers, List<Run> runs, long fileBytes) {
        Run median() {
            List<Run> sorted = new ArrayList<>(runs);
            sorted.sort((a, b) -> Double.compare(a.wallSeconds(), b.wallSeconds()));
            return sorted.get(sorted.size() / 2);
        }
    }

    private static final Pattern ACTOR_ROW = Pattern.compile(
            "^\\s{2}(\\S+(?: \\(pool\\))?)\\s+([\\d,]+)\\s+([\\d.]+)\\s+([\\d.]+)%\\s+([\\d,]+).*$");
    private static final Pattern SPAN = Pattern.compile(
            "\"name\":\"([^\"]+)\",\"cat\":\"([^\"]+)\",\"ph\":\"X\",\"pid\":1,\"tid\":\\d+,\"ts\":([\\d.]+),\"dur\":([\\d.]+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        long[] sizes = Arrays.stream(opt.getOrDefault("sizes", "1000000,10000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int[] workers = Arrays.stream(opt.getOrDefault("workers", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        Path dir = Path.of(opt.getOrDefault("dir", "target/bench"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        Files.createDirectories(dir);
        Files.createDirectories(out);

        StringBuilder report = new StringBuilder();
        List<Result> results = new ArrayList<>();
        Map<Long, double[]> references = new LinkedHashMap<>();
        for (long size : sizes) {
            Path scan = dir.resolve("20260111_bench_s" + size + ".list.list_all.log");
            if (!Files.exists(scan)) {
                System.err.printf("generating %,d lines into %s%n", size, scan);
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(scan), 1 << 20)) {
                    new ScanGenerator(1, size, 0, "/gpfs/csfs1").write(os);
                }
            }
            long bytes = Files.size(scan);
            double cat = median(runs, () -> timeCommand("cat", scan.toString()));
            double loop = median(runs, () -> baselineLoop(scan));
            references.put(size, new double[] {cat, loop});
            System.err.printf("%,d lines: cat %.2f s, baseline loop %.2f s%n", size, cat, loop);
            for (int w : workers) {
                List<Run> rs = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    Run run = importOnce(scan, dir, w);
                    System.err.printf("  -w %d run %d: %.2f s, %,d KB%n", w, r + 1, run.wallSeconds(), run.rssKb());
                    rs.add(run);
                }
                results.add(new Result(size, w, rs, bytes));
            }
        }
        report.append(table(results, references));
        report.append(projection(results));
        Path chart = out.resolve("import-throughput.png");
        chart(results, chart);
        report.append("\nChart: `").append(chart).append("`\n");
        Files.writeString(out.resolve("import.md"), report.toString());
        System.out.println(report);
    }

    interface Timed {
        double seconds() throws Exception;
    }

    private static double median(int runs, Timed t) throws Exception {
        t.seconds(); // warm-up: page cache, JIT
        double[] s = new double[runs];
        for (int i = 0; i < runs; i++) {
            s[i] = t.seconds();
        }
        Arrays.sort(s);
        return s[runs / 2];
    }

    private static double timeCommand(String... cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The floor for any parser in Java: one thread, one pass, finding each line's end and its first
     * " -- ", nothing else. Plain loops over a reused array, as a straightforward parser would have.
     */
    public static double baselineLoop(Path scan) throws IOException {
        long t0 = System.nanoTime();
        long lines = 0;
        long separators = 0;
        byte[] buf = new byte[4 << 20];
        int carry = 0;
        try (FileChannel ch = FileChannel.open(scan)) {
            while (true) {
                int n = ch.read(ByteBuffer.wrap(buf, carry, buf.length - carry));
                int end = n < 0 ? carry : carry + n;
                int pos = 0;
                while (true) {
                    int nl = pos;
                    while (nl < end && buf[nl] != '\n') {
                        nl++;
                    }
                    if (nl == end && n >= 0) {
                        break;
                    }
                    for (int i = pos; i + 3 < nl; i++) {
                        if (buf[i] == ' ' && buf[i + 1] == '-' && buf[i + 2] == '-' && buf[i + 3] == ' ') {
                            separators++;
                            break;
                        }
                    }
                    lines++;
                    pos = nl + 1;
                    if (pos >= end) {
                        break;
                    }
                }
                if (n < 0) {
                    break;
                }
                carry = Math.max(0, end - pos);
                System.arraycopy(buf, pos, buf, 0, carry);
            }
        }
        if (lines == 0 || separators == 0) {
            throw new IllegalStateException("baseline saw no lines");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Run importOnce(Path scan, Path dir, int workers) throws Exception {
        Path db = dir.resolve("bench.db");
        Path trace = dir.resolve("trace-w" + workers + ".json");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %e %M", "bin/fsscan", "import",
                scan.toString(), "--db", db.toString(), "-w", Integer.toString(workers), "--trace", trace.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("import failed:\n" + stdout + stderr);
        }
        Matcher time = Pattern.compile("TIME ([\\d.]+) (\\d+)").matcher(stderr);
        if (!time.find()) {
            throw new IllegalStateException("no timing in:\n" + stderr);
        }
        long lines = number(stdout, "lines\\s+([\\d,]+)");
        long dirs = number(stdout, "directories\\s+([\\d,]+)");
        Map<String, Double> busy = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            Matcher m = ACTOR_ROW.matcher(line);
            if (m.matches()) {
                busy.put(m.group(1), Double.parseDouble(m.group(4)));
            }
        }
        Map<String, Double> spans = new LinkedHashMap<>();
        double lastParseEnd = 0;
        double traceEnd = 0;
        Matcher s = SPAN.matcher(Files.readString(trace));
        while (s.find()) {
            String actor = s.group(2).startsWith("parser-") ? "parsers" : s.group(2);
            double end = (Double.parseDouble(s.group(3)) + Double.parseDouble(s.group(4))) / 1e6;
            spans.merge(actor + " " + s.group(1), Double.parseDouble(s.group(4)) / 1e6, Double::sum);
            if (s.group(1).equals("parse")) {
                lastParseEnd = Math.max(lastParseEnd, end);
            }
            traceEnd = Math.max(traceEnd, end);
        }
        return new Run(Double.parseDouble(time.group(1)), Long.parseLong(time.group(2)), lines, dirs, Files.size(db),
                busy, spans, lastParseEnd, traceEnd);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in:\n" + text);
        }
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static String table(List<Result> results, Map<Long, double[]> references) {
        StringBuilder sb = new StringBuilder();
        sb.append("| lines | workers | wall s (median of ").append(results.get(0).runs().size())
                .append(") | lines/s | MB/s | x cat | x baseline loop | peak RSS MiB | DB MiB | DB bytes/dir | busy %: parsers / accumulator / db-writer / reader |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Run m = r.median();
            double[] ref = references.get(r.size());
            long rss = r.runs().stream().mapToLong(Run::rssKb).max().orElse(0);
            double parsers = m.busyPercent().entrySet().stream().filter(e -> e.getKey().startsWith("parser-"))
                    .mapToDouble(Map.Entry::getValue).average().orElse(0);
            sb.append(String.format(Locale.ROOT, "| %,d | %d | %.2f | %,.0f | %.0f | %.1f | %.1f | %,d | %.1f | %.0f | %.0f / %.0f / %.0f / %.0f |%n",
                    m.lines(), r.workers(), m.wallSeconds(), m.lines() / m.wallSeconds(),
                    r.fileBytes() / 1e6 / m.wallSeconds(), m.wallSeconds() / ref[0], m.wallSeconds() / ref[1],
                    rss / 1024, m.dbBytes() / 1048576.0, (double) m.dbBytes() / m.directories(), parsers,
                    m.busyPercent().getOrDefault("accumulator", 0.0), m.busyPercent().getOrDefault("db-writer", 0.0),
                    m.busyPercent().getOrDefault("readers", 0.0)));
        }
        sb.append("\nReferences, same files, same run (median): ");
        references.forEach((size, ref) -> sb.append(String.format(Locale.ROOT,
                "%,d lines: `cat` %.2f s, baseline loop %.2f s; ", size, ref[0], ref[1])));
        sb.append("\n");
        return sb.toString();
    }

    /**
     * From the largest scan's one-worker run (least contention on this machine): what one parser,
     * the accumulator and the tail cost, and what that gives with more cores.
     */
    private static String projection(List<Result> results) {
        Result r = results.stream().filter(x -> x.workers() == 1).reduce((a, b) -> a.size() >= b.size() ? a : b).orElse(null);
        if (r == null) {
            return "";
        }
        Run m = r.median();
        double parse = m.spanSeconds().getOrDefault("parsers parse", 0.0);
        double merge = m.spanSeconds().getOrDefault("accumulator merge", 0.0);
        double read = m.spanSeconds().getOrDefault("readers read", 0.0);
        double tail = m.traceEnd() - m.lastParseEnd();
        double perParser = m.lines() / parse;
        double accumulator = m.lines() / merge;
        double reader = m.lines() / read;
        double startup = m.wallSeconds() - m.traceEnd();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nProjection from the %,d-line, 1-worker run: one parser %,.0f lines/s,"
                + " accumulator merge %,.0f lines/s, reader %,.0f lines/s, tail after the last chunk (roll-up, rows,"
                + " writes, index, commit) %.2f s, JVM and actor system start %.2f s.%n%n", m.lines(), perParser,
                accumulator, reader, tail, startup));
        sb.append("| parsers | streaming limit | streaming s | total s | limited by |\n|---|---|---|---|---|\n");
        for (int n : new int[] {1, 2, 4, 8, 12, 16}) {
            double rate = Math.min(n * perParser, Math.min(accumulator, reader));
            String limit = rate == n * perParser ? "parsers" : rate == accumulator ? "accumulator" : "reader";
            sb.append(String.format(Locale.ROOT, "| %d | %,.0f lines/s | %.2f | %.2f | %s |%n", n, rate,
                    m.lines() / rate, startup + m.lines() / rate + tail, limit));
        }
        sb.append(String.format(Locale.ROOT, "%nThe accumulator stops keeping up at %.1f parsers; the tail (%.2f s, mostly the"
                + " database writers and SQLite) is then %.0f %% of the import.%n", accumulator / perParser, tail,
                100 * tail / (startup + m.lines() / Math.min(accumulator, reader) + tail)));
        return sb.toString();
    }

    private static void chart(List<Result> results, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                .title("fsscan import throughput (this machine, " + Runtime.getRuntime().availableProcessors() + " cores)")
                .xAxisTitle("parser workers").yAxisTitle("million lines/s (end to end)").build();
        Map<Long, List<Result>> bySize = new LinkedHashMap<>();
        for (Result r : results) {
            bySize.computeIfAbsent(r.size(), k -> new ArrayList<>()).add(r);
        }
        bySize.forEach((size, rs) -> chart.addSeries(String.format(Locale.ROOT, "%,d lines", size),
                rs.stream().map(r -> Integer.toString(r.workers())).toList(),
                rs.stream().map(r -> r.median().lines() / r.median().wallSeconds() / 1e6).toList()));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
