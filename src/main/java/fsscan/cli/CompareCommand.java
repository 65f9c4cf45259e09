package fsscan.cli;

import fsscan.db.ScanDiff;
import fsscan.db.ScanDiff.Change;
import fsscan.db.ScanReader;
import fsscan.query.Amounts;
import fsscan.query.Filter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
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
            "(--data-dir, else $FS_SCAN_DATA_DIR, else ./data). Keep earlier scans with",
            "import --keep-previous DIR, or by importing them under their own name (--db).",
            "Sizes are allocated bytes of the whole subtree. growth lists the directories",
            "that hold more bytes, shrink those that hold fewer, files those with more",
            "files, change any that differ; every directory counts in the totals.",
            "'new' and 'gone' mark directories found in one scan only.",
            "",
            "Examples:",
            "  which project directories grew most in the last week:",
            "    fsscan compare data/archive/csfs1-2026-01-04.db csfs1 -d 4 --max-depth 4",
            "  where space was freed under a project:",
            "    fsscan compare old.db new.db -P /gpfs/csfs1/asp --sort-by shrink",
            "  who grew, exact to the file:",
            "    fsscan compare old.db new.db --group-by owner"})
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

    @Option(names = "--group-by", paramLabel = "owner|group",
            description = "totals per user (or group) in each scan, exact to the file, instead of directories")
    String groupBy;

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
        QueryCommand.GroupBy by = groupBy == null ? null
                : QueryCommand.parseEnum(spec, QueryCommand.GroupBy.class, groupBy, "--group-by");
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
            StringBuilder text = new StringBuilder();
            if (by != null) {
                owners(fmt, readers, by == QueryCommand.GroupBy.GROUP, order, text);
            } else {
                report(fmt, readers, ScanDiff.compare(a, b, prefix, minDepth, maxDepth, order, limit), text);
            }
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
            header(readers, out);
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
            body.add(cells(c, c.depth(), table));
        }
        String total = String.format(Locale.ROOT, "{\"old_size\":%d,\"new_size\":%d,\"old_files\":%d,\"new_files\":%d,"
                        + "\"old_directories\":%d,\"new_directories\":%d,\"new\":%d,\"gone\":%d,\"path_prefix\":%s}",
                r.oldSize(), r.newSize(), r.oldFiles(), r.newFiles(), r.oldDirectories(), r.newDirectories(), r.added(),
                r.removed(), prefix == null ? "null" : QueryCommand.Report.quote(prefix));
        new QueryCommand.Report(fmt, readers, false).render(head, body, out, "changes", total);
    }

    /** Per-owner totals in each scan over the same scope, and their change. */
    private void owners(QueryCommand.Format fmt, List<ScanReader> readers, boolean byGroup, ScanDiff.Order order,
                        StringBuilder out) throws java.sql.SQLException {
        Filter scope = new Filter(minDepth, maxDepth, prefix == null ? List.of() : List.of(prefix), List.of(), List.of(),
                List.of(), false, null, null, false, null, null, null, null, null, null, List.of(), false, false);
        java.util.Map<Long, long[]> figures = new java.util.TreeMap<>();
        for (int side = 0; side < 2; side++) {
            for (ScanReader.OwnerRow o : readers.get(side).groupByOwner(scope, byGroup)) {
                long[] f = figures.computeIfAbsent(o.id(), k -> new long[] {0, 0, 0, 0, 0});
                f[side] = o.totalSize();
                f[2 + side] = o.files();
                f[4] |= 1L << side;
            }
        }
        QueryCommand.Report report = new QueryCommand.Report(fmt, readers, false);
        List<Change> all = new ArrayList<>();
        // A row's owner name is its "path"; its uid or gid rides beside it (two ids may share a name).
        java.util.Map<Change, Long> ids = new java.util.IdentityHashMap<>();
        for (java.util.Map.Entry<Long, long[]> e : figures.entrySet()) {
            long[] f = e.getValue();
            String name = report.ownerName(e.getKey(), byGroup);
            ScanDiff.Status status = f[4] == 3 ? ScanDiff.Status.BOTH : f[4] == 1 ? ScanDiff.Status.GONE : ScanDiff.Status.NEW;
            Change c = new Change(name, 0, status, f[0], f[1], f[2], f[3]);
            ids.put(c, e.getKey());
            all.add(c);
        }
        boolean table = fmt == QueryCommand.Format.TABLE;
        if (table) {
            header(readers, out);
            out.append(", per ").append(byGroup ? "group" : "owner").append('\n');
        }
        List<String> head = List.of(byGroup ? "group" : "owner", "id", "status", "old_size", "new_size", "size_change",
                "change_pct", "old_files", "new_files", "files_change");
        List<List<Object>> body = new ArrayList<>();
        for (Change c : ScanDiff.rank(all, order, limit)) {
            body.add(cells(c, ids.get(c), table));
        }
        report.render(head, body, out, byGroup ? "groups" : "owners", null);
    }

    /** "compare OLD -> NEW" and the start of the scope line, for the table view. */
    private void header(List<ScanReader> readers, StringBuilder out) {
        out.append("compare ").append(scan(readers.get(0))).append(" -> ").append(scan(readers.get(1))).append('\n');
        out.append("scope ").append(prefix == null ? "everything" : prefix);
    }

    /** A row's cells after its first column (path or owner) and the one given as {@code second}. */
    private static List<Object> cells(Change c, Object second, boolean table) {
        List<Object> row = new ArrayList<>();
        row.add(c.path());
        row.add(second);
        row.add(c.status() == ScanDiff.Status.BOTH ? (table ? "" : "both") : c.status().name().toLowerCase(Locale.ROOT));
        row.add(table ? Amounts.humanBytes(c.oldSize()) : (Object) c.oldSize());
        row.add(table ? Amounts.humanBytes(c.newSize()) : (Object) c.newSize());
        row.add(table ? signedBytes(c.sizeChange()) : (Object) c.sizeChange());
        row.add(table ? percent(c.oldSize(), c.newSize())
                : c.oldSize() == 0 ? null : (Object) ((c.newSize() - c.oldSize()) / (double) c.oldSize()));
        row.add(c.oldFiles());
        row.add(c.newFiles());
        row.add(table ? String.format(Locale.ROOT, "%+,d", c.filesChange()) : (Object) c.filesChange());
        return row;
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
        List<String> known = DatabaseChoice.names(DatabaseChoice.databasesIn(dir));
        known.sort(null);
        throw new Main.UserException("no database " + given + (known.isEmpty() ? " (and none in " + dir + ")"
                : " (the data directory " + dir + " has: " + String.join(", ", known) + ")"));
    }
}
