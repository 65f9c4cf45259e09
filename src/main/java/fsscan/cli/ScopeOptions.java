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

    Scope scope() {
        return new Scope(prefixes, excludes, minDepth, maxDepth);
    }
}
