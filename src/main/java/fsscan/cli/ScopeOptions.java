package fsscan.cli;

import fsscan.query.Scope;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Where a question looks, the same options for every command that takes a scope. */
final class ScopeOptions {

    @Option(names = {"-P", "--path-prefix"}, paramLabel = "PATH",
            description = "this directory and everything below it (repeatable; a path above the scan's root covers it all)")
    List<String> prefixes = new ArrayList<>();

    @Option(names = {"-E", "--exclude"}, paramLabel = "PATH", description = "leave out this directory and everything below it (repeatable)")
    List<String> excludes = new ArrayList<>();

    @Option(names = {"-d", "--min-depth"}, paramLabel = "N", description = "directories at this depth or deeper (/gpfs is 1)")
    Integer minDepth;

    @Option(names = "--max-depth", paramLabel = "N", description = "directories at this depth or shallower")
    Integer maxDepth;

    /** The scope as typed. */
    Scope typed() {
        return new Scope(prefixes, excludes, minDepth, maxDepth);
    }

    private fsscan.query.PathAliases aliases;

    /** The scope in the scans' paths: typed paths under an alias (fsscan.path-aliases) translated. */
    Scope scope() {
        return aliasesOnce().toScan(typed());
    }

    /** This command's aliases, read once. */
    private fsscan.query.PathAliases aliasesOnce() {
        if (aliases == null) {
            aliases = aliases();
        }
        return aliases;
    }

    /**
     * The aliases set in conf/application.conf (or a system property). Only the user's settings are
     * read: the libraries' reference.conf files, which the import needs, cost a query a second.
     */
    static fsscan.query.PathAliases aliases() {
        com.typesafe.config.ConfigFactory.invalidateCaches();
        com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.defaultOverrides()
                .withFallback(com.typesafe.config.ConfigFactory.defaultApplication()).resolve();
        if (!c.hasPath("fsscan.path-aliases")) {
            return fsscan.query.PathAliases.none();
        }
        java.util.Map<String, String> m = new java.util.HashMap<>();
        c.getConfig("fsscan.path-aliases").root().forEach((k, v) -> m.put(k, String.valueOf(v.unwrapped())));
        return new fsscan.query.PathAliases(m);
    }

    /**
     * Says on stderr which typed paths were read through an alias and which name nothing in the
     * scans: not an error (the answer is empty), but what a person needs to see.
     */
    void note(fsscan.query.Scans scans, java.io.PrintWriter err, String command) throws Exception {
        for (String n : aliasesOnce().notes(new java.util.ArrayList<>(typed().prefixes()))) {
            err.println("fsscan " + command + ": note: " + n);
        }
        for (String p : scans.unknownPlaces(scope())) {
            err.println("fsscan " + command + ": note: no directory " + p + " in the scan"
                    + (scans.stores().size() > 1 ? "s" : "") + " (its root is " + roots(scans) + ")");
        }
        err.flush();
    }

    private static String roots(fsscan.query.Scans scans) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (fsscan.query.ScanStore s : scans.stores()) {
            for (fsscan.query.Root r : s.roots()) {
                if (out.size() < 3 && !out.contains(r.path())) {
                    out.add(r.path());
                }
            }
        }
        return String.join(", ", out);
    }
}
