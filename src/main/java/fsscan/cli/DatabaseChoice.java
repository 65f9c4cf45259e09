package fsscan.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which databases a question is about: {@code FS|all}, {@code --db}, {@code --data-dir} (query and analyze). */
final class DatabaseChoice {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FS|all", description = "database name, or all (default)")
    String target;

    @Option(names = "--db", paramLabel = "FILE", description = "this database file only")
    Path db;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory of the <fs>.db databases")
    Path dataDir;

    /** The database files asked for; an unknown name lists the ones there are, and nothing is created. */
    List<Path> files(Main main) throws IOException {
        String envDb = main.environment.get("FS_SCAN_DB");
        if (db != null || (target == null && envDb != null && !envDb.isBlank())) {
            Path file = db != null ? db : Path.of(envDb);
            if (!Files.isRegularFile(file)) {
                throw new Main.UserException("no database " + file);
            }
            return List.of(file);
        }
        Path dir = main.dataDirectory(dataDir);
        List<Path> all = databasesIn(dir);
        if (all.isEmpty()) {
            throw new Main.UserException("no databases in " + dir + ": import a scan first (fsscan import SCAN)");
        }
        if (target == null || target.equals("all")) {
            return all;
        }
        Path file = dir.resolve(target + ".db");
        if (!Files.isRegularFile(file)) {
            throw new Main.UserException("no database '" + target + "' in " + dir + "; there are: " + String.join(", ", names(all)));
        }
        return List.of(file);
    }

    /**
     * Opens the databases asked for. Of {@code all}, a file of the data directory that is not an
     * fsscan database (or cannot be read) is skipped with a warning on {@code err}; one named on
     * the command line is an error.
     */
    List<fsscan.db.ScanReader> open(Main main, java.io.PrintWriter err) throws IOException {
        List<Path> files = files(main);
        boolean named = files.size() == 1 && (db != null || (target != null && !target.equals("all"))
                || main.environment.get("FS_SCAN_DB") != null && !main.environment.get("FS_SCAN_DB").isBlank());
        ImportCommand.loadSqlite();
        List<fsscan.db.ScanReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                try {
                    readers.add(fsscan.db.ScanReader.open(f));
                } catch (IllegalArgumentException | java.sql.SQLException e) {
                    String why = e instanceof java.sql.SQLException s ? fsscan.db.SqliteErrors.describe(f, s) : e.getMessage();
                    if (named) {
                        throw new Main.UserException(why);
                    }
                    err.println("fsscan: warning: skipping " + f + ": " + why);
                    err.flush();
                }
            }
        } catch (RuntimeException e) {
            closeAll(readers);
            throw e;
        }
        if (readers.isEmpty()) {
            throw new Main.UserException("no fsscan database could be read in " + main.dataDirectory(dataDir));
        }
        return readers;
    }

    static void closeAll(List<fsscan.db.ScanReader> readers) {
        for (fsscan.db.ScanReader r : readers) {
            try {
                r.close();
            } catch (java.sql.SQLException e) {
                // Read-only: nothing is lost by a failed close.
            }
        }
    }

    /** The {@code *.db} files of a data directory, in name order (none if it does not exist). */
    static List<Path> databasesIn(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.db")) {
                ds.forEach(all::add);
            }
        }
        all.sort(Comparator.naturalOrder());
        return all;
    }

    /** The names users give for these databases: the file names without {@code .db}. */
    static List<String> names(List<Path> databases) {
        List<String> known = new ArrayList<>();
        for (Path p : databases) {
            String n = p.getFileName().toString();
            known.add(n.substring(0, n.length() - 3));
        }
        return known;
    }

}
