package fsscan.cli;

import fsscan.db.ScanReader;
import fsscan.query.Catalog;
import fsscan.query.Scans;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Which scans a question is about: {@code FS|all}, {@code --db}, {@code --data-dir}. */
final class DatabaseChoice {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FS|all", description = "database name, or all (default)")
    String target;

    @Option(names = "--db", paramLabel = "FILE", description = "this database file only")
    Path db;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory of the <fs>.db databases")
    Path dataDir;

    Catalog catalog(Main main) {
        return Catalog.of(dataDir, db, main.environment);
    }

    /**
     * Opens the scans asked for. Of {@code all}, a file of the data directory that is not an
     * fsscan database (or cannot be read) is skipped with a warning on {@code err}; one named on
     * the command line is an error.
     */
    Scans open(Main main, PrintWriter err) throws Exception {
        Catalog.Choice choice = catalog(main).choose(target);
        ImportCommand.loadSqlite();
        return Scans.open(choice, ScanReader::open, warning -> {
            err.println("fsscan: warning: " + warning);
            err.flush();
        });
    }
}
