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

    @Option(names = "--postgres", paramLabel = "URL",
            description = "read the scans published in PostgreSQL (postgresql://user@host:port/database), not the files;"
                    + " also $FS_SCAN_POSTGRES when neither --db nor --data-dir is given")
    String postgres;

    /** The PostgreSQL server to read, or null for the SQLite files. */
    fsscan.pg.PgUrl postgres(Main main) {
        String url = postgres;
        if (url == null && db == null && dataDir == null) {
            String env = main.environment.get("FS_SCAN_POSTGRES");
            url = env != null && !env.isBlank() ? env : null;
        }
        try {
            return url == null ? null : fsscan.pg.PgUrl.parse(url, main.environment);
        } catch (IllegalArgumentException e) {
            throw new fsscan.query.QueryException(e.getMessage());
        }
    }

    Catalog catalog(Main main) {
        return Catalog.of(dataDir, db, main.environment);
    }

    /**
     * Opens the scans asked for. Of {@code all}, a file of the data directory that is not an
     * fsscan database (or cannot be read) is skipped with a warning on {@code err}; one named on
     * the command line is an error.
     */
    Scans open(Main main, PrintWriter err) throws Exception {
        fsscan.pg.PgUrl pg = postgres(main);
        if (pg != null) {
            boolean named = target != null && !target.equals("all");
            java.util.List<String> names = named ? java.util.List.of(target) : fsscan.pg.PgScans.filesystems(pg);
            if (names.isEmpty()) {
                throw new fsscan.query.QueryException("nothing is published in " + pg.describe() + " (fsscan publish)");
            }
            return Scans.open(names, named, fs -> fsscan.pg.PgScans.open(pg, fs), warning -> {
                err.println("fsscan: warning: " + warning);
                err.flush();
            });
        }
        Catalog.Choice choice = catalog(main).choose(target);
        ImportCommand.loadSqlite();
        return Scans.open(choice, file -> ScanReader.open(Path.of(file)), warning -> {
            err.println("fsscan: warning: " + warning);
            err.flush();
        });
    }
}
