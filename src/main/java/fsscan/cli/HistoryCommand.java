package fsscan.cli;

import fsscan.db.ScanReader;
import fsscan.query.Catalog;
import fsscan.query.OwnerRow;
import fsscan.query.Query;
import fsscan.query.QueryException;
import fsscan.query.Scans;
import fsscan.query.Scope;
import fsscan.report.Column;
import fsscan.report.Kind;
import fsscan.report.Report;
import fsscan.report.Table;
import fsscan.report.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "history",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "A directory over every kept scan of a file system (import --keep-previous) and the live one: its"
                + " bytes, files and top owners' shares, the trend of the last scans, and the day a quota is reached.",
        footer = {"",
            "Example:  fsscan history csfs1 -P /gpfs/csfs1/proj1 --quota 500T --plot proj1.png"})
final class HistoryCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FS", description = "the file system (its <fs>.db and kept scans)")
    String filesystem;

    @Option(names = {"-P", "--path-prefix"}, paramLabel = "PATH", description = "the directory (default: the whole scan)")
    String path;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory of the <fs>.db databases")
    Path dataDir;

    @Option(names = "--archive", paramLabel = "DIR", description = "the kept scans (default: <data dir>/archive)")
    Path archive;

    @Option(names = "--quota", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "the directory's quota (10T, 500TiB): the day the trend reaches it")
    Long quota;

    @Option(names = "--trend-scans", paramLabel = "N", defaultValue = "8",
            description = "the last N scans the linear trend is fitted to (default: ${DEFAULT-VALUE})")
    int trendScans;

    @Option(names = "--plot", paramLabel = "FILE", description = "a PNG chart of the bytes over time, the trend and the quota")
    Path plot;

    @CommandLine.Mixin
    OutputOptions output;

    @CommandLine.Mixin
    NameOptions names;

    /** One scan's figures for the directory. */
    record Point(String scanDate, long bytes, long files, String owners) {
    }

    @Override
    public Integer call() throws Exception {
        if (trendScans < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trend-scans must be at least 2");
        }
        Catalog catalog = Catalog.of(dataDir, null, main.environment);
        List<Path> files = new ArrayList<>();
        for (Catalog.Kept k : catalog.kept(filesystem, catalog.archive(archive))) {
            files.add(k.file());
        }
        if (Files.isRegularFile(catalog.fileOf(filesystem))) {
            files.add(catalog.fileOf(filesystem));
        }
        if (files.isEmpty()) {
            throw new QueryException("no scan of " + filesystem + " in " + catalog.dataDirectory() + " or "
                    + catalog.archive(archive));
        }
        ImportCommand.loadSqlite();
        List<Point> points = new ArrayList<>();
        Scope scope = Scope.below(path);
        for (Path f : files) {
            try (ScanReader r = ScanReader.open(f); Scans one = Scans.of(List.of(r), names.service())) {
                long[] t = r.scopeTotals(scope);
                List<OwnerRow> owners = r.ownerTotals(Query.builder().scope(scope).build(), false);
                owners.sort((a, b) -> Long.compare(b.totalSize(), a.totalSize()));
                List<String> top = new ArrayList<>();
                for (OwnerRow o : owners.subList(0, Math.min(3, owners.size()))) {
                    top.add(String.format(Locale.ROOT, "%s %.0f%%", one.names().nameOrId(o.id(), false),
                            100.0 * o.totalSize() / Math.max(1, t[0])));
                }
                points.add(new Point(r.scanDate(), t[0], t[1], String.join(", ", top)));
            }
        }
        points.sort((a, b) -> a.scanDate().compareTo(b.scanDate()));
        Trend trend = Trend.of(points.subList(Math.max(0, points.size() - trendScans), points.size()));
        Table t = new Table("scans", List.of(Column.of("scan_date", Kind.DATE), Column.of("size", Kind.BYTES),
                Column.of("files", Kind.COUNT), Column.text("top_users")));
        for (Point p : points) {
            t.add(p.scanDate(), p.bytes(), p.files(), p.owners());
        }
        Report report = new Report().scans(List.of(new Report.Scan(filesystem, points.get(points.size() - 1).scanDate(),
                catalog.fileOf(filesystem).toString()))).scanLines(false).table(t);
        report.head("history of " + (path == null ? "the whole scan" : path) + " in " + filesystem + ", " + points.size()
                + " scans");
        java.util.Map<String, Object> trendJson = new java.util.LinkedHashMap<>();
        if (trend != null) {
            report.foot(String.format(Locale.ROOT, "trend of the last %d scans: %s per week", trend.scans(),
                    Units.signedBytes(Math.round(trend.bytesPerDay() * 7))));
            trendJson.put("scans", (long) trend.scans());
            trendJson.put("bytes_per_day", trend.bytesPerDay());
        }
        if (quota != null) {
            LocalDate full = trend == null ? null : trend.reaches(quota);
            String when = full == null ? "not at this trend" : full.toString();
            report.foot(String.format(Locale.ROOT, "quota %s reached: %s", Units.bytes(quota), when));
            trendJson.put("quota", quota);
            trendJson.put("quota_reached", full == null ? null : full.toString());
        }
        report.field("trend", trendJson);
        if (plot != null) {
            Chart.write(plot, filesystem, path, points, trend, quota);
        }
        output.write(spec, report);
        return 0;
    }

    /** A least-squares line through (day, bytes) of the last scans. */
    record Trend(int scans, double bytesPerDay, double interceptDay0, long day0) {

        static Trend of(List<Point> points) {
            if (points.size() < 2) {
                return null;
            }
            long day0 = LocalDate.parse(points.get(0).scanDate()).toEpochDay();
            double n = points.size();
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (Point p : points) {
                double x = LocalDate.parse(p.scanDate()).toEpochDay() - day0;
                double y = p.bytes();
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double den = n * sxx - sx * sx;
            if (den == 0) {
                return null;
            }
            double slope = (n * sxy - sx * sy) / den;
            return new Trend(points.size(), slope, (sy - slope * sx) / n, day0);
        }

        double at(long epochDay) {
            return interceptDay0 + bytesPerDay * (epochDay - day0);
        }

        /** The first day the line is at or above {@code quota}; null when it never gets there. */
        LocalDate reaches(long quota) {
            if (bytesPerDay <= 0) {
                return null;
            }
            return LocalDate.ofEpochDay(day0 + (long) Math.ceil((quota - interceptDay0) / bytesPerDay));
        }
    }

    /** The PNG: bytes at each scan, the trend line to the quota day (or a quarter ahead), the quota. */
    static final class Chart {
        static void write(Path file, String fs, String path, List<Point> points, Trend trend, Long quota) throws Exception {
            System.setProperty("java.awt.headless", "true");
            org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChartBuilder().width(900).height(500)
                    .title(fs + (path == null ? "" : " " + path)).xAxisTitle("scan date").yAxisTitle("TiB").build();
            List<java.util.Date> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Point p : points) {
                x.add(java.util.Date.from(LocalDate.parse(p.scanDate()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
                y.add(p.bytes() / Math.pow(1024, 4));
            }
            chart.addSeries("allocated", x, y);
            if (trend != null) {
                long last = LocalDate.parse(points.get(points.size() - 1).scanDate()).toEpochDay();
                LocalDate full = quota == null ? null : trend.reaches(quota);
                long end = full != null && full.toEpochDay() > last ? Math.min(full.toEpochDay(), last + 3650) : last + 91;
                long start = LocalDate.parse(points.get(points.size() - trend.scans()).scanDate()).toEpochDay();
                chart.addSeries("trend", List.of(day(start), day(end)),
                        List.of(trend.at(start) / Math.pow(1024, 4), trend.at(end) / Math.pow(1024, 4)));
                if (quota != null) {
                    chart.addSeries("quota", List.of(x.get(0), day(end)), List.of(quota / Math.pow(1024, 4), quota / Math.pow(1024, 4)));
                }
            }
            org.knowm.xchart.BitmapEncoder.saveBitmap(chart, file.toString(), org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
        }

        private static java.util.Date day(long epochDay) {
            return java.util.Date.from(LocalDate.ofEpochDay(epochDay).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        }
    }
}
