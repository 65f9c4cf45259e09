package fsscan.cli;

import fsscan.query.Histogram;
import fsscan.query.QueryException;
import fsscan.query.Scans;
import fsscan.query.SystemNames;
import fsscan.report.Answers;
import fsscan.scan.Buckets;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
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
            "               top_users:[{uid,user,files,bytes,bytes_share}]}],",
            "   \"total\":{files,bytes}}",
            "tsv and csv: one row per bucket, per top user of a bucket and for the total."})
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

    @CommandLine.Mixin
    ScopeOptions scope;

    @Option(names = "--top-n", paramLabel = "N", defaultValue = "10", description = "top users per bucket (default: ${DEFAULT-VALUE})")
    int topN;

    @CommandLine.Mixin
    OutputOptions output;

    /** The histogram the options ask for over these scans (the web server's API calls this too). */
    fsscan.report.Report answer(Scans scans, java.io.PrintWriter err) throws Exception {
        if (topN < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top-n must be 0 or more");
        }
        boolean bySize = kind.size;
        List<Long> uids;
        try {
            uids = new ArrayList<>(scans.names().ids(owners, false));
        } catch (QueryException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (mine) {
            uids.add(SystemNames.current(false));
        }
        scope.note(scans, err, "analyze");
        Histogram h = scans.histogram(scope.scope(), uids, bySize);
        return Answers.histogram(scans, h, bySize ? Buckets.SIZE_LABELS : Buckets.AGE_LABELS, bySize, topN);
    }

    @Override
    public Integer call() throws Exception {
        try (Scans scans = databases.open(main, spec.commandLine().getErr())) {
            output.write(spec, answer(scans, spec.commandLine().getErr()));
        }
        return 0;
    }
}
