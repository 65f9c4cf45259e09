package fsscan.cli;

import fsscan.query.Query;
import fsscan.query.Scans;
import fsscan.query.Sort;
import fsscan.query.SystemNames;
import fsscan.report.Answers;
import fsscan.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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

    enum GroupBy {
        OWNER, GROUP;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseChoice databases;

    @CommandLine.Mixin
    ScopeOptions scope;

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

    @Option(names = "--accessed-before", paramLabel = "DATE|AGE", converter = Converters.DateOrAge.class,
            description = "newest access before this date (YYYY-MM-DD) or age (3yrs, 6mo, 90d before the scan date)")
    String accessedBefore;

    @Option(names = "--accessed-after", paramLabel = "DATE|AGE", converter = Converters.DateOrAge.class,
            description = "newest access on or after this date or age")
    String accessedAfter;

    @Option(names = "--atime-non-recursive", description = "test the access time of the directory's own files, not its subtree's")
    boolean atimeNonRecursive;

    @Option(names = "--min-size", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "allocated bytes of the subtree at least this")
    Long minSize;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "allocated bytes of the subtree at most this")
    Long maxSize;

    @Option(names = "--min-files", paramLabel = "N", converter = Converters.Count.class, description = "files in the subtree at least this")
    Long minFiles;

    @Option(names = "--max-files", paramLabel = "N", converter = Converters.Count.class, description = "files in the subtree at most this")
    Long maxFiles;

    @Option(names = "--min-avg-size", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "average allocated size of the directory's own files at least this")
    Long minAvgSize;

    @Option(names = "--max-avg-size", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "average allocated size of the directory's own files at most this")
    Long maxAvgSize;

    @Option(names = {"-N", "--name"}, paramLabel = "GLOB", description = "directory name matches this glob (repeatable)")
    List<String> names = new ArrayList<>();

    @Option(names = "-i", description = "name globs ignore case")
    boolean ignoreCase;

    @Option(names = "--leaves-only", description = "only directories without subdirectories")
    boolean leavesOnly;

    @Option(names = "--sort-by", paramLabel = "KEY", defaultValue = "size",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; biggest or newest first, path in tree order)")
    Sort sortBy;

    @Option(names = "--reverse", description = "reverse the order")
    boolean reverse;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "rows to show, 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @CommandLine.Mixin
    OutputOptions output;

    @Option(names = "-v", description = "more columns: depth, directory counts, group")
    boolean verbose;

    @Option(names = "--summary", description = "one line per database: scan date, directories, files, bytes, deepest level, owners")
    boolean summary;

    @Option(names = "--group-by", paramLabel = "BY", description = "${COMPLETION-CANDIDATES}: totals per user (or group), exact to the file, within the filters")
    GroupBy groupBy;

    /** The question, from the options; owners by name are resolved once the scans are open. */
    Query query() {
        return Query.builder().scope(scope.scope()).singleOwner(singleOwner)
                .accessed(accessedBefore, accessedAfter, atimeNonRecursive).size(minSize, maxSize).files(minFiles, maxFiles)
                .averageSize(minAvgSize, maxAvgSize).names(names, ignoreCase).leavesOnly(leavesOnly).build();
    }

    /**
     * The answer to the options over these scans, in the shape {@code format} shows it; notes for
     * a person go to {@code err}. The web server's API calls this too: one copy of a query.
     */
    Report answer(Scans scans, java.io.PrintWriter err, fsscan.report.Format format) throws Exception {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more");
        }
        Query query = query();
        Query asked;
        try {
            asked = scans.withOwners(query, owners, groups);
        } catch (fsscan.query.QueryException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Long> uids = new ArrayList<>(asked.conditions().uids());
        List<Long> gids = new ArrayList<>(asked.conditions().gids());
        if (mine) {
            uids.add(SystemNames.current(false));
        }
        if (myGroup) {
            gids.add(SystemNames.current(true));
        }
        asked = asked.withOwners(uids, gids);
        scope.note(scans, err, "query");
        Report report;
        if (summary) {
            report = Answers.summary(scans, scans.summaries());
        } else if (groupBy != null) {
            report = Answers.owners(scans, scans.ownerTotals(asked, groupBy == GroupBy.GROUP, reverse), limit,
                    groupBy == GroupBy.GROUP);
        } else {
            List<fsscan.query.DirectoryRow> rows = scans.list(asked, sortBy, reverse, limit);
            report = Answers.directories(scans, rows, verbose, format);
            if (format == fsscan.report.Format.TABLE) {
                // A person reading a table is told what it leaves out; programs count rows themselves.
                long matching = limit > 0 && rows.size() == limit ? scans.count(asked) : rows.size();
                List<String> places = asked.scope().prefixes();
                Answers.withTotals(report, rows.size(), matching, scans.scopeTotals(asked.scope()),
                        places.isEmpty() ? "the scan" + (scans.stores().size() > 1 ? "s" : "") : String.join(", ", places));
            }
        }
        return report;
    }

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more");
        }
        try (Scans scans = databases.open(main, spec.commandLine().getErr())) {
            output.write(spec, answer(scans, spec.commandLine().getErr(), output.format()));
        }
        return 0;
    }
}
