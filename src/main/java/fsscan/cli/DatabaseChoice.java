package fsscan.cli;

import fsscan.db.ScanReader;
import fsscan.query.Catalog;
import fsscan.query.Scans;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Which scans a question is about: {@code FS|all}, {@code --db}, {@code --data-dir}. */
final class DatabaseChoice {

    @picocli.CommandLine.Mixin
    FileChoice files;

    @picocli.CommandLine.Mixin
    NameOptions names;

    @Option(names = "--postgres", paramLabel = "URL",
            description = "read the scans published in PostgreSQL (postgresql://user@host:port/database), not the files;"
                    + " also $FS_SCAN_POSTGRES when neither --db nor --data-dir is given")
    String postgres;

    /** The PostgreSQL server to read, or null for the SQLite files. */
    fsscan.pg.PgUrl postgres(Main main) {
        String url = postgres;
        if (url == null && files.db == null && files.dataDir == null) {
            String env = main.environment.get("FS_SCAN_POSTGRES");
            url = env != null && !env.isBlank() ? env : null;
        }
        try {
            return url == null ? null : fsscan.pg.PgUrl.parse(url, main.environment);
        } catch (IllegalArgumentException e) {
            throw new fsscan.query.QueryException(e.getMessage());
        }
    }


    /**
     * Opens the scans asked for. Of {@code all}, a file of the data directory that is not an
     * fsscan database (or cannot be read) is skipped with a warning on {@code err}; one named on
     * the command line is an error.
     */
    Scans open(Main main, PrintWriter err) throws Exception {
        java.util.function.Consumer<String> warn = warning -> {
            err.println("fsscan: warning: " + warning);
            err.flush();
        };
        fsscan.pg.PgUrl pg = postgres(main);
        if (pg != null) {
            boolean named = files.target != null && !files.target.equals("all");
            java.util.List<String> filesystems = named ? java.util.List.of(files.target) : fsscan.pg.PgScans.filesystems(pg);
            if (filesystems.isEmpty()) {
                throw new fsscan.query.QueryException("nothing is published in " + pg.describe() + " (fsscan publish)");
            }
            return Scans.open(filesystems, named, fs -> fsscan.pg.PgScans.open(pg, fs), warn, names.service());
        }
        Catalog.Choice choice = files.catalog(main).choose(files.target);
        ImportCommand.loadSqlite();
        return Scans.open(choice, file -> ScanReader.open(Path.of(file)), warn, names.service());
    }
}
