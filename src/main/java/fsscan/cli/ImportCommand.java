package fsscan.cli;

import com.typesafe.config.Config;
import fsscan.pipeline.FsscanConfig;
import fsscan.db.RejectsFile;
import fsscan.db.ScanSummary;
import fsscan.input.ScanInput;
import fsscan.pipeline.ActorMeter;
import fsscan.scan.LineParser;
import fsscan.pipeline.ImportJob;
import fsscan.pipeline.ImportRunner;
import fsscan.pipeline.ImportSettings;
import fsscan.pipeline.MalformedLimit;
import fsscan.pipeline.Progress;
import fsscan.pipeline.ScanInfo;
import fsscan.pipeline.Tracer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = "Imports a GPFS policy scan (*.list.list_all.log) or a Lustre lfs find list into a SQLite"
                + " database, in one pass. The database is written under a temporary name and replaces the old one"
                + " only when complete.",
        footer = {"",
            "Database path: --db, else $FS_SCAN_DB, else",
            "(--data-dir, else $FS_SCAN_DATA_DIR, else ./data)/<fs>.db.",
            "Malformed lines are skipped, counted and written to <db>.rejects.",
            "Exit codes: 0 done, 1 the import failed (reason on stderr), 2 bad command line."})
final class ImportCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SCAN",
            description = "the scan's list file(s) (YYYYMMDD_<server>_<fs>.list...), plain or compressed (gzip, xz, zstd,"
                    + " bzip2: detected from the content); several files are one scan; - reads standard input (needs -f)")
    List<String> scans;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "gpfs (mmapplypolicy LIST), lustre (lfs find --printf, see README) or auto: each line by its look (default)")
    String format;

    @Option(names = "--keep-previous", paramLabel = "DIR",
            description = "keep the database this import replaces as DIR/<fs>-<its scan date>.db (a hard link"
                    + " where it can be: no copy), for fsscan compare")
    Path keepPrevious;

    @Option(names = "--db", paramLabel = "FILE", description = "database file to write")
    Path db;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory of the <fs>.db databases")
    Path dataDir;

    @Option(names = {"-f", "--filesystem"}, paramLabel = "NAME",
            description = "file system name (default: from the scan's file name)")
    String filesystem;

    @Option(names = {"-w", "--workers"}, paramLabel = "N", description = "parser actors (default: available cores)")
    Integer workers;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "write a Chrome trace-event JSON of every chunk in every actor (open in Perfetto)")
    Path trace;

    @Option(names = "--escaped", description = "paths are percent-encoded (a policy with ESCAPE '%%'): decode %%XX")
    boolean escaped;

    @Option(names = "--chunk-size", paramLabel = "BYTES", description = "override fsscan.import.chunk-size")
    Integer chunkSize;

    @Option(names = "--chunks-in-flight", paramLabel = "N", description = "override the chunks read ahead of the accumulator")
    Integer chunksInFlight;

    @Option(names = "--db-batch-rows", paramLabel = "N", description = "override fsscan.import.db-batch-rows")
    Integer dbBatchRows;

    @Option(names = "--scan-date", paramLabel = "YYYY-MM-DD",
            description = "the day of the scan, when the file name does not give it (standard input, other names);"
                    + " ages in histograms and queries count back from it")
    String scanDateOption;

    @Option(names = "--max-malformed", paramLabel = "N|P%",
            description = "stop (keeping the previous database) when more lines than this are malformed: a count or a percentage of all lines")
    String maxMalformed;

    @Option(names = "--max-rejects-kept", paramLabel = "N", description = "malformed lines written to the rejects file (default 10,000; all are counted)")
    Integer maxRejectsKept;

    @Option(names = {"-q", "--quiet"}, description = "no progress and no per-actor table")
    boolean quiet;

    @Option(names = "--test-fail-on-line-containing", hidden = true,
            description = "test hook: a parser throws on lines containing this text")
    String failureMarker;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String source : scans) {
            if (source.equals(ScanInput.STDIN)) {
                continue;
            }
            Path p = Path.of(source);
            if (!Files.exists(p)) {
                throw new Main.UserException("cannot read " + source + ": no such file");
            }
            if (Files.isDirectory(p) || !Files.isReadable(p)) {
                throw new Main.UserException("cannot read " + source + ": " + (Files.isDirectory(p) ? "is a directory" : "permission denied"));
            }
        }
        if (scans.stream().filter(ScanInput.STDIN::equals).count() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "standard input (-) can be read only once");
        }
        String first = scans.get(0);
        boolean fromStdin = first.equals(ScanInput.STDIN);
        var name = fromStdin ? java.util.Optional.<ScanName>empty() : ScanName.parse(Path.of(first).getFileName().toString());
        String fs = filesystem != null ? filesystem : name.map(ScanName::filesystem).orElseThrow(() ->
                new Main.UserException(fromStdin ? "standard input has no file name to tell the file system: give it with -f NAME"
                        : "cannot tell the file system from the name '" + Path.of(first).getFileName()
                        + "' (expected YYYYMMDD_<server>_<fs>.list...): give it with -f NAME"));
        if (fs.isBlank() || fs.contains("/")) {
            throw new Main.UserException("file system name '" + fs + "' cannot be used as a database name");
        }
        String scanDate;
        String scanDateSource;
        if (scanDateOption != null) {
            try {
                scanDate = LocalDate.parse(scanDateOption.trim()).toString();
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--scan-date takes YYYY-MM-DD, not '" + scanDateOption + "'");
            }
            scanDateSource = "--scan-date";
        } else if (name.isPresent()) {
            scanDate = name.get().date();
            scanDateSource = "file name";
        } else if (fromStdin) {
            scanDate = LocalDate.now().toString();
            scanDateSource = "import date (standard input)";
        } else {
            scanDate = modifiedOn(Path.of(first));
            scanDateSource = "file modification time";
        }
        LineParser.Format lineFormat;
        try {
            lineFormat = LineParser.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format takes gpfs, lustre or auto, not '" + format + "'");
        }
        Path database = resolveDatabase(fs);
        loadSqlite();
        Config config = FsscanConfig.load();
        int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (w < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1");
        }
        ImportSettings settings = settings(config, w, scanDate, lineFormat);
        long start = System.currentTimeMillis();
        List<String> sourceNames = new java.util.ArrayList<>();
        for (String source : scans) {
            sourceNames.add(source.equals(ScanInput.STDIN) ? "standard input" : Path.of(source).toAbsolutePath().toString());
        }
        ScanInput input = new ScanInput(scans, main.stdin);
        ScanInfo info = new ScanInfo(String.join(", ", sourceNames), scans.size(), fs, scanDate, scanDateSource, w, start,
                RejectsFile.pathFor(database.toAbsolutePath()).toString());
        Tracer tracer = new Tracer(trace != null);
        Progress progress = new Progress(input.totalBytes());
        ProgressDisplay display = new ProgressDisplay(err, progress, quiet, settings.progressIntervalMillis());
        Path kept = keepPrevious == null ? null : keepPrevious(database, fs);
        ImportRunner runner = new ImportRunner(config);
        Thread onSignal = new Thread(() -> {
            err.println();
            err.println("fsscan import: interrupted; stopping, " + database + " is left as it was");
            err.flush();
            runner.stop(Duration.ofMillis(1500));
        }, "fsscan-interrupt");
        Runtime.getRuntime().addShutdownHook(onSignal);
        ImportJob.Result result;
        try {
            result = runner.run(input, database, info, settings, tracer, progress, Duration.ofMillis(200), display::tick);
        } finally {
            display.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running.
            }
        }
        long elapsedNanos = (System.currentTimeMillis() - start) * 1_000_000L;
        if (trace != null) {
            tracer.writeChromeTrace(trace);
        }
        printSummary(out, database, result, elapsedNanos);
        if (kept != null) {
            out.printf(Locale.ROOT, "  previous scan   kept as %s%n", kept);
        }
        if (!quiet) {
            printActorTable(out, tracer, elapsedNanos);
        }
        if (trace != null) {
            out.println("trace: " + trace + " (open in https://ui.perfetto.dev)");
        }
        out.flush();
        return 0;
    }

    /**
     * Links the database about to be replaced into the archive directory under its file system
     * and scan date, before the import starts: the import then renames its new file over the
     * target and the archive keeps the old one. A scan already kept there (the same file) is left
     * as it is; null when there is nothing to keep.
     */
    private Path keepPrevious(Path database, String fs) throws IOException {
        if (!Files.isRegularFile(database)) {
            return null;
        }
        String date;
        try (fsscan.db.ScanReader old = fsscan.db.ScanReader.open(database)) {
            date = old.scanDate();
        } catch (IllegalArgumentException | java.sql.SQLException e) {
            date = null; // from another version of fsscan: still the user's data, named by its file's date
        }
        if (date == null) {
            date = modifiedOn(database);
        }
        Files.createDirectories(keepPrevious);
        for (int n = 1; ; n++) {
            Path kept = keepPrevious.resolve(fs + "-" + date + (n == 1 ? "" : "-" + n) + ".db");
            if (Files.exists(kept)) {
                if (Files.isSameFile(kept, database)) {
                    return kept;
                }
                continue;
            }
            try {
                Files.createLink(kept, database);
            } catch (IOException | UnsupportedOperationException e) {
                // Another file system, or no hard links there: a copy keeps it just as well.
                Files.copy(database, kept, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
            return kept;
        }
    }

    /** The day a file was last written, on this machine's clock: the date of last resort. */
    private static String modifiedOn(Path file) throws IOException {
        return LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneId.systemDefault()).toString();
    }

    static void loadSqlite() {
        try {
            fsscan.db.DatabaseWriter.loadNativeLibrary();
        } catch (IOException e) {
            throw new Main.UserException(e.getMessage());
        }
    }

    /** The bounds of this import: configuration, then the flags; a bound out of range is a usage error. */
    private ImportSettings settings(Config config, int w, String scanDate, LineParser.Format lineFormat) {
        try {
            ImportSettings settings = ImportSettings.fromConfig(config, w).withEscapedPaths(escaped)
                    .withFailureMarker(failureMarker).withFormat(lineFormat)
                    .withBuckets(fsscan.scan.Buckets.forScanDate(LocalDate.parse(scanDate)));
            if (chunkSize != null || chunksInFlight != null) {
                settings = settings.withChunks(chunkSize != null ? chunkSize : settings.chunkBytes(),
                        chunksInFlight != null ? chunksInFlight : settings.chunksInFlight());
            }
            if (dbBatchRows != null) {
                settings = settings.withDbBatches(dbBatchRows, settings.dbBatchesInFlight());
            }
            if (maxMalformed != null) {
                settings = settings.withMaxMalformed(MalformedLimit.parse(maxMalformed));
            }
            if (maxRejectsKept != null) {
                settings = settings.withMaxRejectsKept(maxRejectsKept);
            }
            return settings;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    Path resolveDatabase(String fs) {
        if (db != null) {
            return db;
        }
        String envDb = main.environment.get("FS_SCAN_DB");
        if (envDb != null && !envDb.isBlank()) {
            return Path.of(envDb);
        }
        return main.dataDirectory(dataDir).resolve(fs + ".db");
    }

    private static void printSummary(PrintWriter out, Path database, ImportJob.Result r, long elapsedNanos) {
        ScanSummary s = r.summary();
        double seconds = elapsedNanos / 1e9;
        long dbBytes = sizeOf(database);
        out.printf(Locale.ROOT, "imported %s%n", s.sourceFiles());
        out.printf(Locale.ROOT, "  file system     %s (scan date %s, from the %s)%n", s.filesystem(), s.scanDate(),
                s.scanDateSource());
        out.printf(Locale.ROOT, "  lines           %,d (header %,d, malformed %,d)%n", s.totalLines(), s.headerLines(),
                s.malformedLines());
        if (s.malformedLines() > 0) {
            out.printf(Locale.ROOT, "  rejects         %s%s%n", s.rejectsFile(), s.malformedLines() > s.rejectsKept()
                    ? String.format(Locale.ROOT, " (the first %,d of them; all are counted)", s.rejectsKept()) : "");
        }
        out.printf(Locale.ROOT, "  files           %,d (%s allocated, %s logical)%n", s.fileCount(),
                Units.bytes(s.totalSize()), Units.bytes(s.logicalSize()));
        out.printf(Locale.ROOT, "  directories     %,d (listed %,d, implied %,d; deepest level %d)%n",
                s.directories(), s.directories() - s.impliedDirectories(), s.impliedDirectories(), s.maxDepth());
        out.printf(Locale.ROOT, "  histograms      %,d per-owner rows with age and size histograms, %s (%,.0f bytes per directory)%n",
                s.ownerRows(), Units.bytes(s.histogramBytes()), s.histogramBytes() / (double) Math.max(1, s.directories()));
        out.printf(Locale.ROOT, "  runtime         %.2f s, %,.0f lines/s, %d workers%n", seconds,
                s.totalLines() / Math.max(seconds, 1e-9), s.workers());
        out.printf(Locale.ROOT, "  accumulator     %s of arrays at its peak (%,.0f bytes per directory)%n",
                Units.bytes(r.accumulatorHeapBytes()), r.accumulatorHeapBytes() / (double) Math.max(1, s.directories()));
        out.printf(Locale.ROOT, "  database        %s (%s)%n", database, Units.bytes(dbBytes));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void printActorTable(PrintWriter out, Tracer tracer, long elapsedNanos) {
        out.println();
        out.printf(Locale.ROOT, "  %-18s %9s %9s %7s %12s  %s%n", "actor", "messages", "busy s", "busy %",
                "max backlog", "throughput while busy");
        for (ActorMeter m : tracer.meters()) {
            double busy = m.busyNanos() / 1e9;
            String unit = m.name().startsWith("db-writer") ? " directories/s" : " lines/s";
            String rate = m.units() > 0 && busy > 0 ? String.format(Locale.ROOT, "%,.0f", m.units() / busy) + unit : "-";
            out.printf(Locale.ROOT, "  %-18s %,9d %9.2f %6.1f%% %,12d  %s%n", m.name(), m.messages(), busy,
                    100.0 * m.busyNanos() / Math.max(1, elapsedNanos), m.maxBacklog(), rate);
        }
    }
}
