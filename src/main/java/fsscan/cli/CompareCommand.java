package fsscan.cli;

import fsscan.db.ScanReader;
import fsscan.query.Catalog;
import fsscan.query.ScanDiff;
import fsscan.query.ScanStore;
import fsscan.query.Scans;
import fsscan.query.Scope;
import fsscan.report.Answers;
import fsscan.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

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

    @Parameters(index = "0", paramLabel = "OLD",
            description = "the earlier scan: a database file, a name, FS@YYYY-MM-DD or FS@previous (a kept scan)")
    String older;

    @Parameters(index = "1", paramLabel = "NEW", description = "the later scan: a database file, a name or FS@YYYY-MM-DD")
    String newer;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory of the <fs>.db databases")
    Path dataDir;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "where kept scans are (import --keep-previous DIR; default: <data dir>/archive), for FS@DATE, FS@previous")
    Path archive;

    @Option(names = "--postgres", paramLabel = "URL",
            description = "compare scans published in PostgreSQL: OLD and NEW are file system names there")
    String postgres;

    @CommandLine.Mixin
    ScopeOptions scope;

    @CommandLine.Mixin
    NameOptions names;

    @Option(names = "--sort-by", paramLabel = "KEY", defaultValue = "growth",
            description = "${COMPLETION-CANDIDATES}: growth (bytes added, default), shrink (bytes freed), change (either"
                    + " way, new and gone directories too), files (files added)")
    ScanDiff.Order sortBy;

    @Option(names = "--group-by", paramLabel = "BY",
            description = "${COMPLETION-CANDIDATES}: totals per user (or group) in each scan, exact to the file, instead of directories")
    QueryCommand.GroupBy groupBy;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "rows to show, 0 for all (default: 50)")
    int limit;

    @CommandLine.Mixin
    OutputOptions output;

    /** Refuses what compare cannot answer, before any scan is opened. */
    private Scope checked() {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more");
        }
        Scope where = scope.scope();
        if (where.prefixes().size() > 1 || !where.excludes().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "compare takes one -P and no -E");
        }
        return where;
    }

    /**
     * The changes between the two scans of {@code both} (OLD first), in the shape {@code format}
     * shows them; notes for a person go to {@code err}. The web server's API calls this too.
     */
    fsscan.report.Report answer(Scans both, PrintWriter err, fsscan.report.Format format) throws Exception {
        Scope where = checked();
        ScanStore a = both.stores().get(0);
        ScanStore b = both.stores().get(1);
        if (!a.filesystem().equals(b.filesystem())) {
            err.println("fsscan compare: note: OLD is a scan of " + a.filesystem() + " and NEW of " + b.filesystem()
                    + ": two file systems, matched by path only");
            err.flush();
        }
        if (a.scanDate() != null && b.scanDate() != null && a.scanDate().compareTo(b.scanDate()) > 0) {
            err.println("fsscan compare: note: OLD (" + a.scanDate() + ") is a later scan than NEW (" + b.scanDate()
                    + "): growth is counted from OLD to NEW");
            err.flush();
        }
        String prefix = where.prefixes().isEmpty() ? null : where.prefixes().get(0);
        if (groupBy != null) {
            boolean byGroup = groupBy == QueryCommand.GroupBy.GROUP;
            Scans.OwnerDiff diff = Scans.ownerDiff(a, b, where, byGroup, sortBy, limit);
            return Answers.ownerChanges(a, b, both.names(), diff.rows(), diff.listed(), prefix, byGroup, format);
        }
        return Answers.changes(a, b, Scans.diff(a, b, where, sortBy, limit), prefix, where.minDepth(),
                where.maxDepth(), format);
    }

    @Override
    public Integer call() throws Exception {
        checked();
        ScanStore a;
        ScanStore b;
        if (postgres != null) {
            fsscan.pg.PgUrl url = PostgresUrl.parse(spec, postgres, main);
            a = fsscan.pg.PgScans.open(url, older);
            try {
                b = fsscan.pg.PgScans.open(url, newer);
            } catch (RuntimeException e) {
                a.close();
                throw e;
            }
        } else {
            Catalog catalog = Catalog.of(dataDir, null, main.environment);
            Path oldFile = catalog.resolve(older, archive);
            Path newFile = catalog.resolve(newer, archive);
            ImportCommand.loadSqlite();
            a = ScanReader.open(oldFile);
            try {
                b = ScanReader.open(newFile);
            } catch (RuntimeException e) {
                a.close();
                throw e;
            }
        }
        try (a; b; Scans both = Scans.of(List.of(a, b), names.service())) {
            output.write(spec, answer(both, spec.commandLine().getErr(), output.format()));
        }
        return 0;
    }
}
