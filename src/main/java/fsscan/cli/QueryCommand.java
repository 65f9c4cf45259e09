package fsscan.cli;

import fsscan.db.ScanReader;
import fsscan.db.ScanReader.DirectoryRow;
import fsscan.db.ScanReader.OwnerRow;
import fsscan.query.Amounts;
import fsscan.query.Filter;
import fsscan.query.Sort;
import fsscan.query.SystemNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;

@Command(name = "query",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Lists directories of one scan or of every scan in the data directory, biggest first, or totals"
                + " per owner. Every report says which scan (and scan date) it comes from.",
        footer = {"",
            "FS is a database name in the data directory (--data-dir, else",
            "$FS_SCAN_DATA_DIR, else ./data); 'all' (the default) queries every database",
            "there and merges the results (sorted and limited after merging);",
            "--db FILE (or $FS_SCAN_DB) queries one file.",
            "Ages (3yrs, 6mo, 2w, 90d) count back from each scan's own date, not today.",
            "Sizes: 10G, 1.5TiB (K/M/G/T/P and KiB... binary), 500MB (KB/MB/... decimal).",
            "Counts: 1500, 10k, 2M.",
            "",
            "Examples:",
            "  the 20 biggest directories below proj1:",
            "    fsscan query asp -P /gpfs/csfs1/asp/proj1 -n 20",
            "  alice's directories whose own files nobody read in 3 years:",
            "    fsscan query -u alice --accessed-before 3yrs --atime-non-recursive",
            "  who uses the space under asp, exact per user:",
            "    fsscan query asp --group-by owner -P /gpfs/csfs1/asp",
            "  leaves with millions of small files:",
            "    fsscan query --leaves-only --min-files 1M --max-avg-size 64K"})
final class QueryCommand implements Callable<Integer> {

    enum Format { TABLE, TSV, CSV, JSON }

    enum GroupBy { OWNER, GROUP }

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseChoice databases;

    @Option(names = {"-d", "--min-depth"}, paramLabel = "N", description = "directories at this depth or deeper (/gpfs is 1)")
    Integer minDepth;

    @Option(names = "--max-depth", paramLabel = "N", description = "directories at this depth or shallower")
    Integer maxDepth;

    @Option(names = {"-P", "--path-prefix"}, paramLabel = "PATH", description = "this directory and everything below it (repeatable)")
    List<String> pathPrefixes = new ArrayList<>();

    @Option(names = {"-E", "--exclude"}, paramLabel = "PATH", description = "leave out this directory and everything below it (repeatable)")
    List<String> excludes = new ArrayList<>();

    @Option(names = {"-u", "--owner"}, paramLabel = "UID|NAME",
            description = "directories holding files of this user directly (repeatable); with -s: subtrees owned by them alone")
    List<String> owners = new ArrayList<>();

    @Option(names = "--mine", description = "-u with your own uid")
    boolean mine;

    @Option(names = {"-g", "--group"}, paramLabel = "GID|NAME", description = "directories holding files of this group directly (repeatable)")
    List<String> groups = new ArrayList<>();

    @Option(names = "--mygroup", description = "-g with your own primary gid")
    boolean myGroup;

    @Option(names = {"-s", "--single-owner"}, description = "only directories whose whole subtree has one owner")
    boolean singleOwner;

    @Option(names = "--accessed-before", paramLabel = "DATE|AGE",
            description = "newest access before this date (YYYY-MM-DD) or age (3yrs, 6mo, 90d before the scan date)")
    String accessedBefore;

    @Option(names = "--accessed-after", paramLabel = "DATE|AGE", description = "newest access on or after this date or age")
    String accessedAfter;

    @Option(names = "--atime-non-recursive", description = "test the access time of the directory's own files, not its subtree's")
    boolean atimeNonRecursive;

    @Option(names = "--min-size", paramLabel = "SIZE", description = "allocated bytes of the subtree at least this")
    String minSize;

    @Option(names = "--max-size", paramLabel = "SIZE", description = "allocated bytes of the subtree at most this")
    String maxSize;

    @Option(names = "--min-files", paramLabel = "N", description = "files in the subtree at least this")
    String minFiles;

    @Option(names = "--max-files", paramLabel = "N", description = "files in the subtree at most this")
    String maxFiles;

    @Option(names = "--min-avg-size", paramLabel = "SIZE", description = "average allocated size of the directory's own files at least this")
    String minAvgSize;

    @Option(names = "--max-avg-size", paramLabel = "SIZE", description = "average allocated size of the directory's own files at most this")
    String maxAvgSize;

    @Option(names = {"-N", "--name"}, paramLabel = "GLOB", description = "directory name matches this glob (repeatable)")
    List<String> names = new ArrayList<>();

    @Option(names = "-i", description = "name globs ignore case")
    boolean ignoreCase;

    @Option(names = "--leaves-only", description = "only directories without subdirectories")
    boolean leavesOnly;

    @Option(names = "--sort-by", paramLabel = "KEY", defaultValue = "size",
            description = "size, size_nr, files, files_nr, dirs, dirs_nr, atime, atime_nr, path, depth (default: ${DEFAULT-VALUE}; biggest or newest first)")
    String sortBy;

    @Option(names = "--reverse", description = "reverse the order")
    boolean reverse;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "rows to show, 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, tsv, csv or json (default: table on a terminal, tsv otherwise)")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to this file instead of standard output")
    Path output;

    @Option(names = "-v", description = "more columns: depth, directory counts, group")
    boolean verbose;

    @Option(names = "--summary", description = "one line per database: scan date, directories, files, bytes, deepest level, owners")
    boolean summary;

    @Option(names = "--group-by", paramLabel = "owner|group", description = "totals per user (or group), exact to the file, within the filters")
    String groupBy;

    @Override
    public Integer call() throws Exception {
        Format fmt = format != null ? parseEnum(Format.class, format, "--format")
                : System.console() != null && output == null ? Format.TABLE : Format.TSV;
        Sort sort = parseEnum(Sort.class, sortBy, "--sort-by");
        GroupBy by = groupBy == null ? null : parseEnum(GroupBy.class, groupBy, "--group-by");
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more");
        }
        Filter parsed = parsedFilter();
        List<ScanReader> readers = databases.open(main, spec.commandLine().getErr());
        try {
            Filter filter = withOwners(parsed, readers);
            StringBuilder text = new StringBuilder();
            Report report = new Report(fmt, readers, verbose);
            if (summary) {
                List<ScanReader.Summary> rows = new ArrayList<>();
                for (ScanReader r : readers) {
                    rows.add(r.summary());
                }
                report.summary(rows, text);
            } else if (by != null) {
                report.owners(mergeOwners(readers, filter, by == GroupBy.GROUP), limit, by == GroupBy.GROUP, text);
            } else {
                report.directories(mergeDirectories(readers, filter, sort), text);
            }
            write(text.toString());
        } catch (IllegalArgumentException e) {
            throw new Main.UserException(e.getMessage());
        } finally {
            for (ScanReader r : readers) {
                r.close();
            }
        }
        return 0;
    }

    private void write(String text) throws IOException {
        write(spec, output, text);
    }

    /** A report to {@code output}, or to the command's standard output (tests capture it there). */
    static void write(CommandLine.Model.CommandSpec spec, Path output, String text) throws IOException {
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
    }

    private <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
        return parseEnum(spec, type, value, option);
    }

    /** One of an enum's constants, named in any case; anything else is a usage error listing them. */
    static <E extends Enum<E>> E parseEnum(CommandLine.Model.CommandSpec spec, Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " takes one of " + String.join(", ", allowed) + ", not '" + value + "'");
        }
    }

    /**
     * Everything of the filter that needs no database, parsed before any database is looked for:
     * a mistyped date, size or count is a usage error. Owners are resolved later, by name, in the
     * databases' saved names too.
     */
    private Filter parsedFilter() {
        try {
            return new Filter(minDepth, maxDepth, pathPrefixes, excludes, List.of(), List.of(), singleOwner,
                    check(accessedBefore), check(accessedAfter), atimeNonRecursive,
                    minSize == null ? null : Amounts.bytes(minSize), maxSize == null ? null : Amounts.bytes(maxSize),
                    minFiles == null ? null : Amounts.count(minFiles), maxFiles == null ? null : Amounts.count(maxFiles),
                    minAvgSize == null ? null : Amounts.bytes(minAvgSize), maxAvgSize == null ? null : Amounts.bytes(maxAvgSize),
                    names, ignoreCase, leavesOnly);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Filter withOwners(Filter parsed, List<ScanReader> readers) throws Exception {
        try {
            List<Long> uids = ids(owners, readers, "user", SystemNames.users());
            List<Long> gids = ids(groups, readers, "group", SystemNames.groups());
            if (mine) {
                uids.add(SystemNames.current(false));
            }
            if (myGroup) {
                gids.add(SystemNames.current(true));
            }
            return parsed.withOwners(uids, gids);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String check(String dateOrAge) {
        if (dateOrAge != null) {
            Amounts.instant(dateOrAge, 0);
        }
        return dateOrAge;
    }

    /** uids or gids from numbers or names (names known to this machine or saved at import). */
    private static List<Long> ids(List<String> given, List<ScanReader> readers, String kind, Map<Long, String> system)
            throws java.sql.SQLException {
        List<Long> out = new ArrayList<>();
        for (String g : given) {
            if (g.matches("\\d+")) {
                out.add(Long.parseLong(g));
                continue;
            }
            Long found = lookup(system, g);
            for (int i = 0; found == null && i < readers.size(); i++) {
                found = lookup(readers.get(i).savedNames(kind), g);
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown " + kind + " '" + g + "'");
            }
            out.add(found);
        }
        return out;
    }

    private static Long lookup(Map<Long, String> names, String name) {
        for (Map.Entry<Long, String> e : names.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return null;
    }

    private List<DirectoryRow> mergeDirectories(List<ScanReader> readers, Filter filter, Sort sort) throws Exception {
        List<DirectoryRow> all = new ArrayList<>();
        for (ScanReader r : readers) {
            all.addAll(r.list(filter, sort, reverse, limit));
        }
        if (readers.size() > 1) {
            all.sort(order(sort, reverse));
            if (limit > 0 && all.size() > limit) {
                all = new ArrayList<>(all.subList(0, limit));
            }
        }
        return all;
    }

    /** The same order as the SQL of one database, then by file system, for merged results. */
    static Comparator<DirectoryRow> order(Sort sort, boolean reverse) {
        ToLongFunction<DirectoryRow> key = switch (sort) {
            case SIZE -> DirectoryRow::totalSizeR;
            case SIZE_NR -> DirectoryRow::totalSizeNr;
            case FILES -> DirectoryRow::fileCountR;
            case FILES_NR -> DirectoryRow::fileCountNr;
            case DIRS -> DirectoryRow::dirCountR;
            case DIRS_NR -> DirectoryRow::dirCountNr;
            case ATIME -> r -> r.maxAtimeR() == null ? Long.MIN_VALUE : r.maxAtimeR();
            case ATIME_NR -> r -> r.maxAtimeNr() == null ? Long.MIN_VALUE : r.maxAtimeNr();
            case PATH -> DirectoryRow::id;
            case DEPTH -> DirectoryRow::depth;
        };
        boolean desc = sort.descending != reverse;
        Comparator<DirectoryRow> c = Comparator.comparingLong(key);
        if (sort == Sort.PATH) {
            c = Comparator.comparing(DirectoryRow::path);
        }
        if (desc) {
            c = c.reversed();
        }
        return c.thenComparing(DirectoryRow::filesystem).thenComparingLong(DirectoryRow::id);
    }

    private List<OwnerRow> mergeOwners(List<ScanReader> readers, Filter filter, boolean byGroup) throws Exception {
        Map<Long, long[]> sums = new HashMap<>();
        Map<Long, Long> newest = new HashMap<>();
        for (ScanReader r : readers) {
            for (OwnerRow o : r.groupByOwner(filter, byGroup)) {
                long[] s = sums.computeIfAbsent(o.id(), k -> new long[4]);
                s[0] += o.files();
                s[1] += o.totalSize();
                s[2] += o.logicalSize();
                s[3] += o.directories();
                if (o.maxAtime() != null) {
                    newest.merge(o.id(), o.maxAtime(), Math::max);
                }
            }
        }
        List<OwnerRow> rows = new ArrayList<>();
        sums.forEach((id, s) -> rows.add(new OwnerRow(id, s[0], s[1], s[2], s[3], newest.get(id))));
        Comparator<OwnerRow> c = Comparator.comparingLong(OwnerRow::totalSize).thenComparingLong(OwnerRow::files);
        c = reverse ? c : c.reversed();
        rows.sort(c.thenComparingLong(OwnerRow::id));
        return rows;
    }

    /** Formats the results; names from each database's saved names, else this machine's. */
    static final class Report {
        private final Format format;
        private final List<ScanReader> readers;
        private final boolean verbose;
        private final Map<Long, String> users = new HashMap<>();
        private final Map<Long, String> groups = new HashMap<>();

        Report(Format format, List<ScanReader> readers, boolean verbose) throws java.sql.SQLException {
            this.format = format;
            this.readers = readers;
            this.verbose = verbose;
            users.putAll(SystemNames.users());
            groups.putAll(SystemNames.groups());
            for (ScanReader r : readers) {
                users.putAll(r.savedNames("user"));
                groups.putAll(r.savedNames("group"));
            }
        }

        /** A uid's (or gid's) name as this machine or the scans know it, else the number. */
        String ownerName(long id, boolean group) {
            if (group && id == -1) {
                return "(unknown)";
            }
            return (group ? groups : users).getOrDefault(id, Long.toString(id));
        }

        private String owner(Long id, Map<Long, String> names) {
            if (id == null) {
                return "multiple";
            }
            if (id == -1) {
                return "-";
            }
            return names.getOrDefault(id, Long.toString(id));
        }

        private static String date(Long epoch) {
            return epoch == null ? "-" : LocalDate.ofEpochDay(Math.floorDiv(epoch, 86400)).toString();
        }

        private void scans(StringBuilder out) {
            if (format == Format.TABLE) {
                for (ScanReader r : readers) {
                    out.append("scan ").append(r.filesystem()).append(" of ").append(r.scanDate() == null ? "unknown date" : r.scanDate())
                            .append(" (").append(fsscan.query.TerminalText.safe(r.file().toString())).append(")\n");
                }
            }
        }

        private Map<String, String> scanDates() {
            Map<String, String> dates = new LinkedHashMap<>();
            for (ScanReader r : readers) {
                dates.put(r.filesystem(), r.scanDate());
            }
            return dates;
        }

        void directories(List<DirectoryRow> rows, StringBuilder out) {
            boolean many = readers.size() > 1;
            List<String> head = new ArrayList<>();
            if (many || format != Format.TABLE) {
                head.add("fs");
            }
            if (format != Format.TABLE) {
                head.add("scan_date");
            }
            head.addAll(List.of("path", "size", "own_size", "files", "own_files", "newest_access", "owner"));
            if (verbose) {
                head.addAll(List.of("depth", "dirs", "own_dirs", "group"));
            }
            Map<String, String> dates = scanDates();
            List<List<Object>> body = new ArrayList<>();
            for (DirectoryRow r : rows) {
                List<Object> row = new ArrayList<>();
                if (many || format != Format.TABLE) {
                    row.add(r.filesystem());
                }
                if (format != Format.TABLE) {
                    row.add(dates.get(r.filesystem()));
                }
                row.add(r.path());
                row.add(size(r.totalSizeR()));
                row.add(size(r.totalSizeNr()));
                row.add(r.fileCountR());
                row.add(r.fileCountNr());
                row.add(format == Format.TABLE ? date(r.maxAtimeR()) : r.maxAtimeR());
                row.add(owner(r.ownerUid(), users));
                if (verbose) {
                    row.add(r.depth());
                    row.add(r.dirCountR());
                    row.add(r.dirCountNr());
                    row.add(owner(r.ownerGid(), groups));
                }
                body.add(row);
            }
            scans(out);
            render(head, body, out, "directories");
        }

        /** Shares are of everything in scope, not only of the rows shown. */
        void owners(List<OwnerRow> all, int limit, boolean byGroup, StringBuilder out) {
            long total = all.stream().mapToLong(OwnerRow::totalSize).sum();
            List<OwnerRow> rows = limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
            List<String> head = new ArrayList<>(List.of(byGroup ? "group" : "owner", "id", "size", "share", "files",
                    "logical_size", "directories", "newest_access"));
            List<List<Object>> body = new ArrayList<>();
            for (OwnerRow o : rows) {
                body.add(new ArrayList<>(List.of(byGroup ? groups.getOrDefault(o.id(), o.id() == -1 ? "(unknown)" : Long.toString(o.id()))
                                : users.getOrDefault(o.id(), Long.toString(o.id())), o.id(), size(o.totalSize()),
                        format == Format.TABLE ? String.format(Locale.ROOT, "%.1f%%", 100.0 * o.totalSize() / Math.max(1, total))
                                : (Object) (o.totalSize() / (double) Math.max(1, total)),
                        o.files(), size(o.logicalSize()), o.directories(),
                        format == Format.TABLE ? date(o.maxAtime()) : (Object) o.maxAtime())));
            }
            scans(out);
            render(head, body, out, byGroup ? "groups" : "owners");
        }

        void summary(List<ScanReader.Summary> rows, StringBuilder out) {
            List<String> head = List.of("fs", "scan_date", "directories", "files", "size", "logical_size", "deepest_level",
                    "owners", "malformed_lines", "source");
            List<List<Object>> body = new ArrayList<>();
            for (ScanReader.Summary s : rows) {
                body.add(List.of(s.filesystem(), s.scanDate() == null ? "-" : s.scanDate(), s.directories(), s.files(),
                        size(s.totalSize()), size(s.logicalSize()), s.maxDepth(), s.owners(), s.malformedLines(), s.source()));
            }
            render(head, body, out, "scans");
        }

        private Object size(long bytes) {
            return format == Format.TABLE ? Amounts.humanBytes(bytes) : (Object) bytes;
        }

        private void render(List<String> head, List<List<Object>> body, StringBuilder out, String what) {
            render(head, body, out, what, null);
        }

        /** {@code totalJson}, when given, is a JSON object written as "total" before the rows. */
        void render(List<String> head, List<List<Object>> body, StringBuilder out, String what, String totalJson) {
            switch (format) {
                case TSV -> delimited(head, body, out, "\t");
                case CSV -> delimited(head, body, out, ",");
                case JSON -> json(head, body, out, what, totalJson);
                default -> table(head, body, out);
            }
        }

        private static void table(List<String> head, List<List<Object>> body, StringBuilder out) {
            int[] width = new int[head.size()];
            for (int i = 0; i < head.size(); i++) {
                width[i] = head.get(i).length();
            }
            for (List<Object> row : body) {
                for (int i = 0; i < row.size(); i++) {
                    width[i] = Math.max(width[i], cell(row.get(i)).length());
                }
            }
            line(head.stream().map(h -> (Object) h.replace('_', ' ')).toList(), width, out);
            for (List<Object> row : body) {
                line(row, width, out);
            }
            if (body.isEmpty()) {
                out.append("(nothing matches)\n");
            }
        }

        private static void line(List<Object> row, int[] width, StringBuilder out) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String c = cell(row.get(i));
                boolean number = row.get(i) instanceof Number || c.matches("[0-9.]+ (B|KiB|MiB|GiB|TiB|PiB|EiB)|[0-9.]+%");
                String pad = " ".repeat(Math.max(0, width[i] - c.length()));
                sb.append(i == 0 ? "" : "  ").append(number ? pad + c : c + (i == row.size() - 1 ? "" : pad));
            }
            out.append(sb.toString().stripTrailing()).append('\n');
        }

        private static String cell(Object o) {
            return o == null ? "" : o instanceof Long || o instanceof Integer
                    ? String.format(Locale.ROOT, "%,d", ((Number) o).longValue()) : fsscan.query.TerminalText.safe(o.toString());
        }

        private static void delimited(List<String> head, List<List<Object>> body, StringBuilder out, String sep) {
            out.append(String.join(sep, head)).append('\n');
            for (List<Object> row : body) {
                for (int i = 0; i < row.size(); i++) {
                    Object o = row.get(i);
                    String v = o == null ? "" : o.toString();
                    if (sep.equals(",") && (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r"))) {
                        v = "\"" + v.replace("\"", "\"\"") + "\"";
                    } else if (sep.equals("\t")) {
                        // Only what would break a line or a column; a backslash stays as it is.
                        v = v.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
                    }
                    out.append(i == 0 ? "" : sep).append(v);
                }
                out.append('\n');
            }
        }

        private void json(List<String> head, List<List<Object>> body, StringBuilder out, String what, String totalJson) {
            out.append("{\"scans\":[");
            for (int i = 0; i < readers.size(); i++) {
                ScanReader r = readers.get(i);
                out.append(i == 0 ? "" : ",").append("{\"fs\":").append(quote(r.filesystem())).append(",\"scan_date\":")
                        .append(r.scanDate() == null ? "null" : quote(r.scanDate())).append(",\"file\":")
                        .append(quote(r.file().toString())).append('}');
            }
            out.append("],");
            if (totalJson != null) {
                out.append("\"total\":").append(totalJson).append(',');
            }
            out.append('"').append(what).append("\":[");
            for (int i = 0; i < body.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n").append('{');
                List<Object> row = body.get(i);
                for (int c = 0; c < row.size(); c++) {
                    Object o = row.get(c);
                    out.append(c == 0 ? "" : ",").append(quote(head.get(c))).append(':')
                            .append(o == null ? "null" : o instanceof Number ? o.toString() : quote(o.toString()));
                }
                out.append('}');
            }
            out.append("\n]}\n");
        }

        static String quote(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char ch : s.toCharArray()) {
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    default -> {
                        if (ch < 0x20) {
                            sb.append(String.format("\\u%04x", (int) ch));
                        } else {
                            sb.append(ch);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
