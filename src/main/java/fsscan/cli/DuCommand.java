package fsscan.cli;

import fsscan.query.DirectoryRow;
import fsscan.query.Query;
import fsscan.query.Scans;
import fsscan.query.Sort;
import fsscan.report.Column;
import fsscan.report.Kind;
import fsscan.report.Report;
import fsscan.report.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "du",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "The tree below a directory, like du -d N and ncdu: each directory's allocated bytes, files, share of"
                + " its parent and newest access, biggest first, indented by depth. From the scan, not the file system:"
                + " instant, and as of the scan's date.",
        footer = {"",
            "-a (every file) does not apply: a scan's database keeps directories, not files;",
            "a directory's own files are in its figures (query -P PATH shows them as own size/files).",
            "Examples:  fsscan du csfs1 /gpfs/csfs1/proj -d 2      fsscan du csfs1 -b --format tsv"})
final class DuCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseChoice databases;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "the directory (default: the scan's root)")
    String path;

    @Option(names = {"-d", "--max-depth"}, paramLabel = "N", defaultValue = "1",
            description = "levels below PATH to show (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = {"-b", "--bytes"}, description = "sizes in bytes")
    boolean bytes;

    @Option(names = "--si", description = "sizes in powers of 1000 (kB, MB, GB), as du --si")
    boolean si;

    @CommandLine.Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (depth < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-d must be 0 or more");
        }
        String target = databases.files.target;
        if (path == null && target != null && target.startsWith("/")
                && (databases.files.db != null || fsscan.query.Catalog.databaseFile(target) == null)) {
            // "du --db FILE /path": the one word given is the path, unless it is a database file
            // ("du /srv/scans/csfs1.db": the scan's root).
            path = target;
            databases.files.target = null;
        }
        try (Scans scans = databases.open(main, spec.commandLine().getErr())) {
            Query.Builder q = Query.builder();
            if (path != null) {
                q.under(List.of(path));
            }
            // The shallowest directory in scope first, then only the levels shown: not the whole subtree.
            List<DirectoryRow> shallowest = scans.list(q.build(), Sort.DEPTH, false, 1);
            if (shallowest.isEmpty() && path != null) {
                throw new fsscan.query.QueryException("no directory " + path + " in the scan");
            }
            int top = shallowest.isEmpty() ? 0 : shallowest.get(0).depth();
            List<DirectoryRow> rows = scans.list(q.depths(null, top + depth).build(), Sort.PATH, false, 0);
            Map<String, List<DirectoryRow>> children = new HashMap<>();
            List<DirectoryRow> tops = new ArrayList<>();
            Map<String, DirectoryRow> byPath = new HashMap<>();
            for (DirectoryRow r : rows) {
                byPath.put(r.filesystem() + "\0" + r.path(), r);
            }
            for (DirectoryRow r : byPath.values()) {
                String parent = r.path().substring(0, Math.max(1, r.path().lastIndexOf('/')));
                DirectoryRow p = byPath.get(r.filesystem() + "\0" + parent);
                if (p == null || p == r) {
                    tops.add(r);
                } else {
                    children.computeIfAbsent(r.filesystem() + "\0" + parent, k -> new ArrayList<>()).add(r);
                }
            }
            boolean table = output.format() == fsscan.report.Format.TABLE;
            Kind size = bytes ? Kind.ID : si ? Kind.FIGURE_TEXT : Kind.BYTES;
            Table t = new Table("directories", List.of(Column.of("size", size), Column.of("files", Kind.COUNT),
                    Column.of("share", Kind.SHARE), Column.of("newest_access", Kind.TIME), Column.of("depth", Kind.ID),
                    Column.text("path")));
            Comparator<DirectoryRow> biggest = Comparator.comparingLong(DirectoryRow::totalSizeR).reversed()
                    .thenComparing((a, b) -> fsscan.scan.TreeOrder.compare(a.path(), b.path()));
            tops.sort(biggest);
            long all = tops.stream().mapToLong(DirectoryRow::totalSizeR).sum();
            for (DirectoryRow r : tops) {
                add(t, r, all, 0, table, children, biggest);
            }
            Report report = new Report().scans(fsscan.report.Answers.scans(scans.stores())).table(t);
            if (table && si) {
                report.foot("sizes in powers of 1000");
            }
            output.write(spec, report);
        }
        return 0;
    }

    private void add(Table t, DirectoryRow r, long parentSize, int level, boolean table,
                     Map<String, List<DirectoryRow>> children, Comparator<DirectoryRow> order) {
        String name = level == 0 || !table ? r.path() : "  ".repeat(level) + r.path().substring(r.path().lastIndexOf('/') + 1);
        Object size = si ? decimal(r.totalSizeR()) : r.totalSizeR();
        t.add(size, r.fileCountR(), parentSize == 0 ? 0.0 : r.totalSizeR() / (double) parentSize, r.maxAtimeR(), (long) r.depth(), name);
        List<DirectoryRow> kids = new ArrayList<>(children.getOrDefault(r.filesystem() + "\0" + r.path(), List.of()));
        kids.sort(order);
        for (DirectoryRow k : kids) {
            add(t, k, r.totalSizeR(), level + 1, table, children, order);
        }
    }

    /** du --si: powers of 1000. */
    static String decimal(long n) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
