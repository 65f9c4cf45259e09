package fsscan.cli;

import com.typesafe.config.Config;
import fsscan.pipeline.FsscanConfig;
import fsscan.db.DatabaseTarget;
import fsscan.db.RejectsFile;
import fsscan.db.ScanSummary;
import fsscan.input.ScanInput;
import fsscan.pipeline.ActorMeter;
import fsscan.scan.LineParser;
import fsscan.pipeline.ImportReport;
import fsscan.pipeline.ImportRequest;
import fsscan.pipeline.ImportRunner;
import fsscan.pipeline.ImportSettings;
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
            description = "${COMPLETION-CANDIDATES}: gpfs (mmapplypolicy LIST), lustre (lfs find --printf, see README) or auto:"
                    + " each line by its look (default)")
    LineParser.Format format;

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

    @Option(names = "--chunk-size", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "override fsscan.import.chunk-size (8MiB, 16M, 4194304; as in the configuration file)")
    Long chunkSize;

    @Option(names = "--chunks-in-flight", paramLabel = "N", description = "override the chunks read ahead of the accumulator")
    Integer chunksInFlight;

    @Option(names = "--db-batch-rows", paramLabel = "N", description = "override fsscan.import.db-batch-rows")
    Integer dbBatchRows;

    @Option(names = "--accumulator-threads", paramLabel = "N",
            description = "override fsscan.import.accumulator-threads (a power of two, or auto)")
    String accumulatorThreads;

    @Option(names = "--scan-date", paramLabel = "YYYY-MM-DD",
            description = "the day of the scan, when the file name does not give it (standard input, other names);"
                    + " ages in histograms and queries count back from it")
    String scanDateOption;

    @Option(names = "--max-malformed", paramLabel = "N|P%",
            description = "stop (keeping the previous database) when more lines than this are malformed: a count or a percentage"
                    + " of all lines (default 1%%, fsscan.import.max-malformed)")
    String maxMalformed;

    @Option(names = "--max-rejects-kept", paramLabel = "N", description = "malformed lines written to the rejects file (default 10,000; all are counted)")
    Integer maxRejectsKept;

    @Option(names = {"-q", "--quiet"}, description = "no progress display")
    boolean quiet;

    @CommandLine.Mixin
    NameOptions names;

    @Option(names = "--stats", description = "after the summary, the scan's line order (how far apart a directory's files came) and"
            + " the pipeline's per-actor table (messages, busy time, time on a CPU, backlog; also with --trace)")
    boolean stats;

    @Option(names = "--force",
            description = "replace the database even when the new scan looks wrong: no files, under --min-kept-share of the"
                    + " old one's files, older than it, the same input file twice, or the target not an fsscan database")
    boolean force;

    @Option(names = "--min-kept-share", paramLabel = "SHARE", defaultValue = "50%",
            description = "refuse to replace a database when the new scan has fewer files than this share of the old one's"
                    + " (default: ${DEFAULT-VALUE})")
    String minKeptShare;

    /** What the scan is: its file system, its day, and where that day was read from. */
    private record Identity(String filesystem, String scanDate, String scanDateSource) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkSources();
        Identity id = identify();
        String fs = id.filesystem();
        String scanDate = id.scanDate();
        String scanDateSource = id.scanDateSource();
        LineParser.Format lineFormat = format;
        Path requested = fsscan.query.Catalog.of(dataDir, db, main.environment).importTarget(fs);
        loadSqlite();
        Config config = FsscanConfig.load();
        int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (w < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1");
        }
        ImportSettings settings = settings(config, w, scanDate, lineFormat);
        double minShare = minKeptShare();
        if (!force) {
            refuseRepeatedInputs();
        }
        try (DatabaseTarget target = DatabaseTarget.open(requested)) {
            if (!force) {
                refuseBeforeImport(target, scanDate);
            }
            return importInto(target, config, fs, scanDate, scanDateSource, w, settings, minShare, out, err);
        }
    }

    private int importInto(DatabaseTarget target, Config config, String fs, String scanDate, String scanDateSource, int w,
                           ImportSettings settings, double minShare, PrintWriter out, PrintWriter err) throws Exception {
        Path database = target.path();
        long start = System.currentTimeMillis();
        List<String> sourceNames = new java.util.ArrayList<>();
        for (String source : scans) {
            sourceNames.add(source.equals(ScanInput.STDIN) ? "standard input" : Path.of(source).toAbsolutePath().toString());
        }
        ScanInput input = new ScanInput(scans, main.stdin);
        ScanInfo info = new ScanInfo(String.join(", ", sourceNames), scans.size(), fs, scanDate, scanDateSource, w, start,
                RejectsFile.pathFor(database).toString());
        Tracer tracer = new Tracer(trace != null);
        Progress progress = new Progress(input.totalBytes());
        ProgressDisplay display = new ProgressDisplay(err, progress, quiet, settings.progressIntervalMillis());
        ImportRunner runner = new ImportRunner(config);
        ReplaceGuard guard = new ReplaceGuard();
        Signals signals = Signals.install(signal -> onSignal(signal, guard, runner, database, err));
        ImportReport result = null;
        try {
            try {
                result = runner.run(new ImportRequest(input, database, info, settings, tracer, progress, Duration.ofMillis(200),
                        display::tick, names.service()));
            } finally {
                display.close();
            }
            guard.staged(result.stagedDatabase(), result.stagedRejects());
            if (!force) {
                refuseAfterImport(target, result.summary(), minShare);
            }
            guard.beginReplace();
            Path kept = keepPrevious == null ? null : keepPrevious(database, fs, target.previous());
            target.replace(result.stagedDatabase(), result.stagedRejects());
            guard.replaced();
            TestHooks.afterReplace(err);
            long elapsedNanos = (System.currentTimeMillis() - start) * 1_000_000L;
            if (trace != null) {
                tracer.writeChromeTrace(trace);
            }
            printSummary(out, database, result, elapsedNanos);
            if (kept != null) {
                out.printf(Locale.ROOT, "  previous scan   kept as %s%n", kept);
            }
            if (stats || trace != null) {
                printLineOrder(out, result);
                printActorTable(out, tracer, elapsedNanos);
            }
            if (trace != null) {
                out.println("trace: " + trace + " (open in https://ui.perfetto.dev)");
            }
            out.flush();
            if (out.checkError()) {
                // The database is in place; only its report could not be written (a closed pipe, a full disk).
                err.println("fsscan import: " + database + " is imported, but its summary could not be written to standard output");
                err.flush();
                return Main.EXIT_FAILURE;
            }
            return 0;
        } catch (Exception | Error e) {
            if (guard.isReplaced()) {
                // The new database is in place: what failed after it (a trace file) must not say otherwise.
                err.println("fsscan import: " + database + " is imported; then: " + Main.oneLine(e));
                err.flush();
                return Main.EXIT_FAILURE;
            }
            throw e;
        } finally {
            guard.deleteStagedUnlessReplaced();
            signals.restore();
        }
    }

    /**
     * On SIGTERM or Ctrl-C. Before the replace: stop the pipeline, delete what was staged, and exit
     * as the signal asks (143, 130); the old database stays. Once the replace has begun, nothing:
     * the command ends exactly as it would have without the signal.
     */
    private static void onSignal(Signals.Received signal, ReplaceGuard guard, ImportRunner runner, Path database,
                                 PrintWriter err) {
        if (!guard.interruptBeforeReplace()) {
            return;
        }
        err.println();
        err.println("fsscan import: interrupted; stopping, " + database + " is left as it was");
        err.flush();
        runner.stop(Duration.ofMillis(1500));
        guard.deleteStagedUnlessReplaced();
        Runtime.getRuntime().exit(signal.exitCode());
    }

    /** The same file named twice would count every file twice. */
    private void refuseRepeatedInputs() throws IOException {
        for (int i = 0; i < scans.size(); i++) {
            for (int j = i + 1; j < scans.size(); j++) {
                String a = scans.get(i);
                String b = scans.get(j);
                if (!a.equals(ScanInput.STDIN) && !b.equals(ScanInput.STDIN) && Files.isSameFile(Path.of(a), Path.of(b))) {
                    throw new Main.UserException(a + " and " + b + " are the same file: every file in it would be counted"
                            + " twice; nothing imported (--force imports it anyway)");
                }
            }
        }
    }

    /** A file that is not fsscan's, or a newer scan, is not replaced by this one. */
    private static void refuseBeforeImport(DatabaseTarget target, String scanDate) {
        DatabaseTarget.Previous old = target.previous();
        if (old == null) {
            return;
        }
        if (!old.fsscan()) {
            throw new Main.UserException(target.path() + " is not an fsscan database: refusing to replace it"
                    + " (--force replaces it)");
        }
        if (old.scanDate() != null && scanDate.compareTo(old.scanDate()) < 0) {
            throw new Main.UserException("this scan (" + scanDate + ") is older than the one in " + target.path() + " ("
                    + old.scanDate() + "): refusing to replace a newer scan by an older one; nothing imported"
                    + " (--force replaces it)");
        }
    }

    /** No files, or far fewer than the scan it would replace: a scan that went wrong, not a file system that shrank. */
    private static void refuseAfterImport(DatabaseTarget target, ScanSummary s, double minShare) {
        DatabaseTarget.Previous old = target.previous();
        if (old == null) {
            return;
        }
        String kept = "; " + target.path() + " is left as it was (--force replaces it)";
        if (s.fileCount() == 0 && old.files() != 0) {
            throw new Main.UserException(String.format(Locale.ROOT, "the new scan has no files (%,d lines, %,d malformed):"
                    + " refusing to replace a database of %s files%s", s.totalLines(), s.malformedLines(),
                    old.files() < 0 ? "an unknown number of" : String.format(Locale.ROOT, "%,d", old.files()), kept));
        }
        if (old.files() > 0 && s.fileCount() < minShare * old.files()) {
            throw new Main.UserException(String.format(Locale.ROOT, "the new scan has %,d files, under %s of the %,d in the"
                    + " scan it would replace (%s): a scan cut short? refusing%s; --min-kept-share sets the share",
                    s.fileCount(), share(minShare), old.files(), old.scanDate(), kept));
        }
    }

    private static String share(double share) {
        return share == 0.5 ? "half" : String.format(Locale.ROOT, "%.4g%%", share * 100);
    }

    /** {@code --min-kept-share}: "50%" or "0.5". */
    private double minKeptShare() {
        String text = minKeptShare.trim();
        try {
            double v = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
                    : Double.parseDouble(text);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Falls through to the usage error.
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--min-kept-share takes a share from 0 to 1 or 0% to 100% (default 50%), not '" + minKeptShare + "'");
    }

    /** Every source can be read, and standard input is named at most once. */
    private void checkSources() {
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
    }

    /** The file system and the scan date: the options, else the first file's name, else what can be known. */
    private Identity identify() throws IOException {
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
        if (scanDateOption != null) {
            try {
                return new Identity(fs, LocalDate.parse(scanDateOption.trim()).toString(), "--scan-date");
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--scan-date takes YYYY-MM-DD, not '" + scanDateOption + "'");
            }
        }
        if (name.isPresent()) {
            return new Identity(fs, name.get().checkedDate(Path.of(first).getFileName().toString()), "file name");
        }
        if (fromStdin) {
            return new Identity(fs, LocalDate.now().toString(), "import date (standard input)");
        }
        return new Identity(fs, modifiedOn(Path.of(first)), "file modification time");
    }

    /**
     * Links the database about to be replaced into the archive directory under its file system
     * and scan date, just before the replace: the new file is then renamed over the target and the
     * archive keeps the old one. A scan already kept there (the same file) is left
     * as it is; null when there is nothing to keep.
     */
    private Path keepPrevious(Path database, String fs, DatabaseTarget.Previous old) throws IOException {
        if (old == null) {
            return null;
        }
        // Read when the target was locked; null from another version of fsscan: still the user's
        // data, named by its file's date.
        String date = old.scanDate();
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

    /**
     * The bounds of this import: configuration, with the flags as overrides of its keys; a bound out
     * of range is a usage error.
     */
    private ImportSettings settings(Config config, int w, String scanDate, LineParser.Format lineFormat) {
        java.util.Map<String, Object> flags = new java.util.HashMap<>();
        put(flags, "chunk-size", chunkSize);
        put(flags, "chunks-in-flight", chunksInFlight);
        put(flags, "db-batch-rows", dbBatchRows);
        put(flags, "accumulator-threads", accumulatorThreads);
        put(flags, "max-malformed", maxMalformed);
        put(flags, "max-rejects-kept", maxRejectsKept);
        try {
            ImportSettings settings = ImportSettings.fromConfig(config, flags, w, new ImportSettings.Lines(escaped, lineFormat,
                    fsscan.scan.Buckets.forScanDate(LocalDate.parse(scanDate))));
            long inFlight = (long) settings.chunkBytes() * (settings.chunksInFlight() + settings.workers());
            if (inFlight > Runtime.getRuntime().maxMemory() / 2) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "chunks of %,d bytes, %d in flight, need %,d MiB,"
                        + " more than half of the Java heap (%,d MiB): use a smaller --chunk-size or --chunks-in-flight, or give Java more"
                        + " memory (FSSCAN_JAVA_OPTS=-Xmx...)",
                        settings.chunkBytes(), settings.chunksInFlight(), inFlight >> 20, Runtime.getRuntime().maxMemory() >> 20));
            }
            return settings;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void put(java.util.Map<String, Object> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value);
        }
    }


    private static void printSummary(PrintWriter out, Path database, ImportReport r, long elapsedNanos) {
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
                fsscan.report.Units.bytes(s.totalSize()), fsscan.report.Units.bytes(s.logicalSize()));
        out.printf(Locale.ROOT, "  directories     %,d (listed %,d, implied %,d; deepest level %d)%n",
                s.directories(), s.directories() - s.impliedDirectories(), s.impliedDirectories(), s.maxDepth());
        out.printf(Locale.ROOT, "  histograms      %,d per-owner rows with age and size histograms, %s%s%n",
                s.ownerRows(), fsscan.report.Units.bytes(s.histogramBytes()), perDirectory(s.histogramBytes(), s.directories()));
        out.printf(Locale.ROOT, "  runtime         %.2f s, %,.0f lines/s, %d workers%n", seconds,
                s.totalLines() / Math.max(seconds, 1e-9), s.workers());
        out.printf(Locale.ROOT, "  accumulator     %s of arrays at its peak%s%n",
                fsscan.report.Units.bytes(r.accumulatorHeapBytes()), perDirectory(r.accumulatorHeapBytes(), s.directories()));
        out.printf(Locale.ROOT, "  database        %s (%s)%n", database, fsscan.report.Units.bytes(dbBytes));
    }

    /** " (N bytes per directory)", or nothing for a scan without directories (no share to tell). */
    private static String perDirectory(long bytes, long directories) {
        return directories == 0 ? "" : String.format(Locale.ROOT, " (%,.0f bytes per directory)", bytes / (double) directories);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * How the scan's lines came, which sets how much of the accumulator's work its batches take:
     * an administrator whose imports of one file system run slower than another's sees why. A
     * directory's files of one owner make one group in each chunk they come in, so groups over
     * owner rows is the chunks such files were spread over: 1 where they came together.
     */
    private static void printLineOrder(PrintWriter out, ImportReport r) {
        fsscan.tree.DirectoryTree.LineOrder o = r.lineOrder();
        long cells = r.summary().ownerRows();
        if (o.chunks() == 0 || cells == 0) {
            return;
        }
        out.printf(Locale.ROOT, "  line order      a directory's files of one owner came in %.1f chunks on average (1: all together);"
                + " %,d of %,d chunks sorted in batches%n", o.fileGroups() / (double) cells, o.batched(), o.chunks());
    }

    private static void printActorTable(PrintWriter out, Tracer tracer, long elapsedNanos) {
        out.println();
        // Busy is wall-clock time in messages; on CPU, the part of it the actor's thread ran (the
        // rest it waited for a core, where threads outnumber cores).
        out.printf(Locale.ROOT, "  %-18s %9s %9s %7s %9s %12s  %s%n", "actor", "messages", "busy s", "busy %", "on CPU %",
                "max backlog", "throughput while busy");
        // By name: the accumulator's threads beside it, the writers together, whatever order the
        // actors started in.
        List<ActorMeter> meters = new java.util.ArrayList<>(tracer.meters());
        meters.sort(java.util.Comparator.comparing(ActorMeter::name));
        for (ActorMeter m : meters) {
            double busy = m.busyNanos() / 1e9;
            String unit = m.name().startsWith("db-writer") ? " directories/s" : " lines/s";
            String rate = m.units() > 0 && busy > 0 ? String.format(Locale.ROOT, "%,.0f", m.units() / busy) + unit : "-";
            String onCpu = m.cpuNanos() > 0 ? String.format(Locale.ROOT, "%.1f%%", 100.0 * m.cpuNanos() / Math.max(1, elapsedNanos))
                    : "-";
            out.printf(Locale.ROOT, "  %-18s %,9d %9.2f %6.1f%% %9s %,12d  %s%n", m.name(), m.messages(), busy,
                    100.0 * m.busyNanos() / Math.max(1, elapsedNanos), onCpu, m.maxBacklog(), rate);
        }
    }
}
