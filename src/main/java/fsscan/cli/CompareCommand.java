package fsscan.cli;

import fsscan.db.ScanDiff;
import fsscan.db.ScanDiff.Change;
import fsscan.db.ScanReader;
import fsscan.query.Amounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fsscan compare OLD NEW}: what grew, shrank, appeared or went between two scans. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "What grew between two scans of a file system: directories matched by path, with their"
                + " subtree size and file count in each scan, the biggest change first.",
        footer = {"",
            "OLD and NEW are database files, or names of databases in the data directory",
            "(--data-dir, else $FS_SCAN_DATA_DIR, else ./data). Keep earlier scans by",
            "importing them under their own name, e.g. --db data/archive/csfs1-20260104.db.",
            "Sizes are allocated bytes of the whole subtree. growth lists the directories",
            "that hold more bytes, shrink those that hold fewer, files those with more",
            "files, change any that differ; every directory counts in the totals.",
            "'new' and 'gone' mark directories found in one scan only.",
            "",
            "Examples:",
            "  which project directories grew most in the last week:",
            "    fsscan compare data/archive/csfs1-20260104.db csfs1 -d 4 --max-depth 4",
            "  where space was freed under a project:",
            "    fsscan compare old.db new.db -P /gpfs/csfs1/asp --sort-by shrink"})
final class CompareCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the earlier scan: a database file or name")
    String older;

    @Parameters(index = "1", paramLabel = "NEW", description = "the later scan: a database file or name")
    String newer;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory of the <fs>.db databases")
    Path dataDir;

    @Option(names = {"-P", "--path-prefix"}, paramLabel = "PATH", description = "this directory and everything below it")
    String prefix;

    @Option(names = {"-d", "--min-depth"}, paramLabel = "N", description = "directories at this depth or deeper (/gpfs is 1)")
    Integer minDepth;

    @Option(names = "--max-depth", paramLabel = "N", description = "directories at this depth or shallower")
    Integer maxDepth;

    @Option(names = "--sort-by", paramLabel = "KEY", defaultValue = "growth",
            description = "growth (bytes added, default), shrink (bytes freed), change (either way, new and gone"
                    + " directories too), files (files added)")
    String sortBy;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "rows to show, 0 for all (default: 50)")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, tsv, csv or json (default: table on a terminal, tsv otherwise)")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to this file instead of standard output")
    Path output;

    @Override
    public Integer call() throws Exception {
        QueryCommand.Format fmt = format != null ? QueryCommand.parseEnum(spec, QueryCommand.Format.class, format, "--format")
                : System.console() != null && output == null ? QueryCommand.Format.TABLE : QueryCommand.Format.TSV;
        ScanDiff.Order order = QueryCommand.parseEnum(spec, ScanDiff.Order.class, sortBy, "--sort-by");
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more");
        }
        Path oldFile = resolve(older);
        Path newFile = resolve(newer);
        ImportCommand.loadSqlite();
        List<ScanReader> readers = new ArrayList<>();
        try {
            readers.add(ScanReader.open(oldFile));
            readers.add(ScanReader.open(newFile));
            ScanReader a = readers.get(0);
            ScanReader b = readers.get(1);
            if (a.scanDate() != null && b.scanDate() != null && a.scanDate().compareTo(b.scanDate()) > 0) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("fsscan compare: note: OLD (" + a.scanDate() + ") is a later scan than NEW (" + b.scanDate()
                        + "): growth is counted from OLD to NEW");
                err.flush();
            }
            ScanDiff.Result result = ScanDiff.compare(a, b, prefix, minDepth, maxDepth, order, limit);
            StringBuilder text = new StringBuilder();
            report(fmt, readers, result, text);
            QueryCommand.write(spec, output, text.toString());
        } catch (IllegalArgumentException e) {
            throw new Main.UserException(e.getMessage());
        } finally {
            for (ScanReader r : readers) {
                r.close();
            }
        }
        return 0;
    }

    private void report(QueryCommand.Format fmt, List<ScanReader> readers, ScanDiff.Result r, StringBuilder out)
            throws java.sql.SQLException {
        boolean table = fmt == QueryCommand.Format.TABLE;
        if (table) {
            ScanReader a = readers.get(0);
            ScanReader b = readers.get(1);
            out.append("compare ").append(scan(a)).append(" -> ").append(scan(b)).append('\n');
            out.append("scope ").append(prefix == null ? "everything" : prefix);
            if (minDepth != null || maxDepth != null) {
                out.append(", depth ").append(minDepth == null ? "1" : minDepth).append('-')
                        .append(maxDepth == null ? "" : maxDepth);
            }
            out.append('\n');
            out.append(String.format(Locale.ROOT, "size %s -> %s (%s%s); files %,d -> %,d (%+,d); directories %,d -> %,d"
                            + " (%,d new, %,d gone)%n",
                    Amounts.humanBytes(r.oldSize()), Amounts.humanBytes(r.newSize()), signedBytes(r.newSize() - r.oldSize()),
                    percent(r.oldSize(), r.newSize()).isEmpty() ? "" : ", " + percent(r.oldSize(), r.newSize()),
                    r.oldFiles(), r.newFiles(), r.newFiles() - r.oldFiles(), r.oldDirectories(), r.newDirectories(),
                    r.added(), r.removed()));
        }
        List<String> head = List.of("path", "depth", "status", "old_size", "new_size", "size_change", "change_pct",
                "old_files", "new_files", "files_change");
        List<List<Object>> body = new ArrayList<>();
        for (Change c : r.rows()) {
            List<Object> row = new ArrayList<>();
            row.add(c.path());
            row.add(c.depth());
            row.add(c.status() == ScanDiff.Status.BOTH ? (table ? "" : "both") : c.status().name().toLowerCase(Locale.ROOT));
            row.add(table ? Amounts.humanBytes(c.oldSize()) : (Object) c.oldSize());
            row.add(table ? Amounts.humanBytes(c.newSize()) : (Object) c.newSize());
            row.add(table ? signedBytes(c.sizeChange()) : (Object) c.sizeChange());
            String pct = percent(c.oldSize(), c.newSize());
            row.add(table ? pct : c.oldSize() == 0 ? null : (Object) ((c.newSize() - c.oldSize()) / (double) c.oldSize()));
            row.add(c.oldFiles());
            row.add(c.newFiles());
            row.add(table ? String.format(Locale.ROOT, "%+,d", c.filesChange()) : (Object) c.filesChange());
            body.add(row);
        }
        String total = String.format(Locale.ROOT, "{\"old_size\":%d,\"new_size\":%d,\"old_files\":%d,\"new_files\":%d,"
                        + "\"old_directories\":%d,\"new_directories\":%d,\"new\":%d,\"gone\":%d,\"path_prefix\":%s}",
                r.oldSize(), r.newSize(), r.oldFiles(), r.newFiles(), r.oldDirectories(), r.newDirectories(), r.added(),
                r.removed(), prefix == null ? "null" : QueryCommand.Report.quote(prefix));
        new QueryCommand.Report(fmt, readers, false).render(head, body, out, "changes", total);
    }

    private static String scan(ScanReader r) {
        return r.filesystem() + " of " + (r.scanDate() == null ? "unknown date" : r.scanDate()) + " (" + r.file() + ")";
    }

    private static String signedBytes(long change) {
        return (change < 0 ? "-" : "+") + Amounts.humanBytes(Math.abs(change));
    }

    private static String percent(long before, long after) {
        return before == 0 ? "" : String.format(Locale.ROOT, "%+.1f%%", 100.0 * (after - before) / before);
    }

    /** A database file, or a name in the data directory; an unknown name lists the known ones. */
    private Path resolve(String given) throws IOException {
        Path file = Path.of(given);
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path dir = main.dataDirectory(dataDir);
        Path named = dir.resolve(given + ".db");
        if (!given.contains("/") && Files.isRegularFile(named)) {
            return named;
        }
        List<String> known = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.db")) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    known.add(n.substring(0, n.length() - 3));
                }
            }
        }
        known.sort(null);
        throw new Main.UserException("no database " + given + (known.isEmpty() ? " (and none in " + dir + ")"
                : " (the data directory " + dir + " has: " + String.join(", ", known) + ")"));
    }
}
