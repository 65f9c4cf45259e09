package fsscan.cli;

import fsscan.db.ScanReader;
import fsscan.db.ScanReader.Histogram;
import fsscan.query.Amounts;
import fsscan.query.Filter;
import fsscan.query.SystemNames;
import fsscan.scan.Buckets;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "How much data has not been read for 1, 3, 5 years, and how many small files there are:"
                + " access-age or file-size histograms, exact to the file for any path, depth range and set of users,"
                + " with the top users of each bucket.",
        footer = {"",
            "Access age counts back from each scan's date in calendar months and years:",
            "< 1 month, 1-3 months, 3-6 months, 6-12 months, 1-2 ... 6-7 years, 7+ years,",
            "unknown. A bucket holds its older edge (a file read exactly a year before the",
            "scan is 1-2 years old); a file read after the scan date is < 1 month old.",
            "File size is allocated bytes: 0-1 KiB, 1-10 KiB, ... in factors of ten,",
            "100 GiB+ (a file of 1024 bytes is 1-10 KiB). Bytes are allocated bytes.",
            "The totals equal those of query --group-by owner for the same scope.",
            "",
            "JSON (shares are fractions of the total, 0 to 1):",
            "  {\"scans\":[{fs,scan_date,file}], \"histogram\":\"access_age\"|\"file_size\",",
            "   \"buckets\":[{label,files,bytes,files_share,bytes_share,",
            "               top_users:[{uid,name,files,bytes,bytes_share}]}],",
            "   \"total\":{files,bytes}}"})
final class AnalyzeCommand implements Callable<Integer> {

    static final class Kind {
        @Option(names = "--access-history", required = true, description = "access-age histogram")
        boolean access;

        @Option(names = "--file-size", required = true, description = "file-size histogram")
        boolean size;
    }

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseChoice databases;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @Option(names = {"-u", "--owner"}, paramLabel = "UID|NAME", description = "only these users' files (repeatable)")
    List<String> owners = new ArrayList<>();

    @Option(names = "--mine", description = "-u with your own uid")
    boolean mine;

    @Option(names = {"-P", "--path-prefix"}, paramLabel = "PATH", description = "this directory and everything below it (repeatable)")
    List<String> pathPrefixes = new ArrayList<>();

    @Option(names = {"-E", "--exclude"}, paramLabel = "PATH", description = "leave out this subtree (repeatable)")
    List<String> excludes = new ArrayList<>();

    @Option(names = {"-d", "--min-depth"}, paramLabel = "N", description = "files in directories at this depth or deeper")
    Integer minDepth;

    @Option(names = "--max-depth", paramLabel = "N", description = "files in directories at this depth or shallower")
    Integer maxDepth;

    @Option(names = "--top-n", paramLabel = "N", defaultValue = "10", description = "top users per bucket (default: ${DEFAULT-VALUE})")
    int topN;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to this file instead of standard output")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (topN < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top-n must be 0 or more");
        }
        String fmt = format.trim().toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "csv").contains(fmt)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format takes table, json or csv, not '" + format + "'");
        }
        boolean bySize = kind.size;
        List<String> labels = bySize ? Buckets.SIZE_LABELS : Buckets.AGE_LABELS;
        List<ScanReader> readers = databases.open(main, spec.commandLine().getErr());
        try {
            List<Long> uids = new ArrayList<>();
            Map<Long, String> names = new HashMap<>(SystemNames.users());
            for (ScanReader r : readers) {
                names.putAll(r.savedNames("user"));
            }
            for (String o : owners) {
                uids.add(resolve(o, names));
            }
            if (mine) {
                uids.add(SystemNames.current(false));
            }
            Filter scope = new Filter(minDepth, maxDepth, pathPrefixes, excludes, List.of(), List.of(), false, null, null,
                    false, null, null, null, null, null, null, List.of(), false, false);
            Histogram total = Histogram.empty(labels.size());
            for (ScanReader r : readers) {
                total.add(r.histogram(scope, uids, bySize));
            }
            String text = switch (fmt) {
                case "json" -> json(readers, total, labels, bySize, names);
                case "csv" -> csv(total, labels, names);
                default -> table(readers, total, labels, bySize, names);
            };
            QueryCommand.write(spec, output, text);
        } catch (IllegalArgumentException e) {
            throw new Main.UserException(e.getMessage());
        } finally {
            for (ScanReader r : readers) {
                r.close();
            }
        }
        return 0;
    }

    private long resolve(String owner, Map<Long, String> names) {
        if (owner.matches("\\d+")) {
            return Long.parseLong(owner);
        }
        return names.entrySet().stream().filter(e -> e.getValue().equals(owner)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "unknown user '" + owner + "'"));
    }

    /** The top users of a bucket by bytes (then files, then uid): {uid, files, bytes}. */
    private List<long[]> top(Histogram h, int bucket) {
        List<long[]> users = new ArrayList<>();
        h.userBytes().forEach((uid, bytes) -> {
            long files = h.userFiles().get(uid)[bucket];
            if (files > 0) {
                users.add(new long[] {uid, files, bytes[bucket]});
            }
        });
        users.sort(Comparator.<long[]>comparingLong(u -> -u[2]).thenComparingLong(u -> -u[1]).thenComparingLong(u -> u[0]));
        return users.size() > topN ? users.subList(0, topN) : users;
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private String table(List<ScanReader> readers, Histogram h, List<String> labels, boolean bySize, Map<Long, String> names) {
        StringBuilder out = new StringBuilder();
        for (ScanReader r : readers) {
            out.append("scan ").append(r.filesystem()).append(" of ").append(r.scanDate()).append(" (").append(r.file()).append(")\n");
        }
        long files = sum(h.files());
        long bytes = sum(h.bytes());
        long biggest = 0;
        for (long b : h.bytes()) {
            biggest = Math.max(biggest, b);
        }
        out.append(String.format(Locale.ROOT, "%-14s %13s %7s %10s %7s  %s%n", bySize ? "file size" : "access age",
                "files", "share", "size", "share", ""));
        for (int b = 0; b < labels.size(); b++) {
            int bar = biggest == 0 ? 0 : (int) Math.round(40.0 * h.bytes()[b] / biggest);
            out.append(String.format(Locale.ROOT, "%-14s %,13d %6.1f%% %10s %6.1f%%  %s%n", labels.get(b), h.files()[b],
                    100 * share(h.files()[b], files), Amounts.humanBytes(h.bytes()[b]), 100 * share(h.bytes()[b], bytes),
                    "#".repeat(bar)));
            List<String> users = new ArrayList<>();
            for (long[] u : top(h, b)) {
                users.add(String.format(Locale.ROOT, "%s %s (%.1f%%)",
                        fsscan.query.TerminalText.safe(names.getOrDefault(u[0], Long.toString(u[0]))),
                        Amounts.humanBytes(u[2]), 100 * share(u[2], h.bytes()[b])));
            }
            if (!users.isEmpty()) {
                out.append("               top: ").append(String.join(", ", users)).append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "%-14s %,13d %6.1f%% %10s %6.1f%%%n", "total", files, 100.0,
                Amounts.humanBytes(bytes), 100.0));
        return out.toString();
    }

    private String json(List<ScanReader> readers, Histogram h, List<String> labels, boolean bySize, Map<Long, String> names) {
        StringBuilder out = new StringBuilder("{\"scans\":[");
        for (int i = 0; i < readers.size(); i++) {
            ScanReader r = readers.get(i);
            out.append(i == 0 ? "" : ",").append("{\"fs\":").append(quote(r.filesystem())).append(",\"scan_date\":")
                    .append(r.scanDate() == null ? "null" : quote(r.scanDate())).append(",\"file\":").append(quote(r.file().toString())).append('}');
        }
        long files = sum(h.files());
        long bytes = sum(h.bytes());
        out.append("],\"histogram\":\"").append(bySize ? "file_size" : "access_age").append("\",\"buckets\":[");
        for (int b = 0; b < labels.size(); b++) {
            out.append(b == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "{\"label\":%s,\"files\":%d,\"bytes\":%d,\"files_share\":%.6f,\"bytes_share\":%.6f,\"top_users\":[",
                    quote(labels.get(b)), h.files()[b], h.bytes()[b], share(h.files()[b], files), share(h.bytes()[b], bytes)));
            List<long[]> users = top(h, b);
            for (int u = 0; u < users.size(); u++) {
                long[] x = users.get(u);
                out.append(u == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"uid\":%d,\"name\":%s,\"files\":%d,\"bytes\":%d,\"bytes_share\":%.6f}", x[0],
                        names.containsKey(x[0]) ? quote(names.get(x[0])) : "null", x[1], x[2], share(x[2], h.bytes()[b])));
            }
            out.append("]}");
        }
        out.append(String.format(Locale.ROOT, "\n],\"total\":{\"files\":%d,\"bytes\":%d}}%n", files, bytes));
        return out.toString();
    }

    private String csv(Histogram h, List<String> labels, Map<Long, String> names) {
        StringBuilder out = new StringBuilder("row,bucket,uid,user,files,bytes,bytes_share\n");
        long bytes = sum(h.bytes());
        for (int b = 0; b < labels.size(); b++) {
            out.append(String.format(Locale.ROOT, "bucket,%s,,,%d,%d,%.6f%n", labels.get(b), h.files()[b], h.bytes()[b],
                    share(h.bytes()[b], bytes)));
            for (long[] u : top(h, b)) {
                out.append(String.format(Locale.ROOT, "user,%s,%d,%s,%d,%d,%.6f%n", labels.get(b), u[0],
                        names.getOrDefault(u[0], ""), u[1], u[2], share(u[2], h.bytes()[b])));
            }
        }
        out.append(String.format(Locale.ROOT, "total,,,,%d,%d,1.0%n", sum(h.files()), bytes));
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
