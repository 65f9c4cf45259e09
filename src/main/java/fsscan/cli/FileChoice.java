package fsscan.cli;

import fsscan.query.Catalog;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** Which database files a command reads: {@code FS|all}, {@code --db}, {@code --data-dir}. */
final class FileChoice {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FS|all", description = "database name (or a database file), or all (default)")
    String target;

    @Option(names = "--db", paramLabel = "FILE", description = "this database file only")
    Path db;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory of the <fs>.db databases")
    Path dataDir;

    Catalog catalog(Main main) {
        return Catalog.of(dataDir, db, main.environment);
    }
}
