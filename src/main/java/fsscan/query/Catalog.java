package fsscan.query;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the scans are: the data directory ({@code --data-dir}, else {@code $FS_SCAN_DATA_DIR}, else
 * {@code ./data}) holding one {@code <fs>.db} per file system, or one file ({@code --db}, else
 * {@code $FS_SCAN_DB}). Every command finds its databases here.
 */
public final class Catalog {

    private final Path dataDir;
    private final Path singleFile;
    /** --db was given: it wins over a name; $FS_SCAN_DB only when no name is. */
    private final boolean singleFromOption;

    private Catalog(Path dataDir, Path singleFile, boolean singleFromOption) {
        this.dataDir = dataDir;
        this.singleFile = singleFile;
        this.singleFromOption = singleFromOption;
    }

    /** From the options (null when not given) and the environment. */
    public static Catalog of(Path dataDirOption, Path dbOption, Map<String, String> env) {
        Path dir = dataDirOption;
        if (dir == null) {
            String e = env.get("FS_SCAN_DATA_DIR");
            dir = Path.of(e != null && !e.isBlank() ? e : "data");
        }
        Path single = dbOption;
        if (single == null) {
            String e = env.get("FS_SCAN_DB");
            single = e != null && !e.isBlank() ? Path.of(e) : null;
        }
        return new Catalog(dir, single, dbOption != null);
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** Where an import of {@code filesystem} writes: --db, else $FS_SCAN_DB, else its file in the data directory. */
    public Path importTarget(String filesystem) {
        return singleFile != null ? singleFile : fileOf(filesystem);
    }

    /** The database file of a file system name in the data directory (it may not exist yet). */
    public Path fileOf(String filesystem) {
        return dataDir.resolve(filesystem + ".db");
    }

    /** The {@code *.db} files of the data directory, in name order (none if it does not exist). */
    public List<Path> all() throws IOException {
        List<Path> all = new ArrayList<>();
        if (Files.isDirectory(dataDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, "*.db")) {
                ds.forEach(all::add);
            }
        }
        all.sort(null);
        return all;
    }

    /** The names users give for the data directory's databases: file names without {@code .db}. */
    public List<String> names() throws IOException {
        List<String> known = new ArrayList<>();
        for (Path p : all()) {
            String n = p.getFileName().toString();
            known.add(n.substring(0, n.length() - 3));
        }
        known.sort(null);
        return known;
    }

    /**
     * What {@code FS|all} (null: all, or the single file when one is set) names: a name of the data
     * directory, else a database file by its path; an unknown name lists the known ones.
     */
    public Choice choose(String target) throws IOException {
        if (singleFile != null && (target == null || singleFromOption)) {
            if (!Files.isRegularFile(singleFile)) {
                throw new QueryException("no database " + singleFile);
            }
            return new Choice(List.of(singleFile), true);
        }
        boolean named = target != null && !target.equals("all");
        if (named) {
            Path file = fileOf(target);
            if (Files.isRegularFile(file)) {
                return new Choice(List.of(file), true);
            }
            Path given = databaseFile(target);
            if (given != null) {
                return new Choice(List.of(given), true);
            }
        }
        List<Path> all = all();
        if (all.isEmpty()) {
            throw new QueryException((named ? "no database '" + target + "': not a file, and " : "") + "no databases in "
                    + dataDir + ": import a scan first (fsscan import SCAN)");
        }
        if (!named) {
            return new Choice(all, false);
        }
        throw new QueryException("no database '" + target + "' in " + dataDir + "; there are: " + String.join(", ", names()));
    }

    /**
     * A database file given where a name is expected ({@code fsscan query scans/csfs1.db}), as
     * compare takes one: the file, or null when {@code given} names none. A name of the data
     * directory comes first.
     */
    public static Path databaseFile(String given) {
        try {
            Path file = Path.of(given);
            return Files.isRegularFile(file) ? file : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The files chosen; {@code named} when the user named them (an unreadable one is an error, not skipped). */
    public record Choice(List<Path> files, boolean named) {
    }

    /** A kept scan (import --keep-previous ARCHIVE): its day and file. */
    public record Kept(String scanDate, Path file) {
    }

    /**
     * The scans of a file system over time: those kept in {@code archive} under the names
     * {@code --keep-previous} gives them ({@code <fs>-<YYYY-MM-DD>[-n].db}), then the live one
     * (its day is read by the caller), oldest first.
     */
    public List<Kept> kept(String filesystem, Path archive) throws IOException {
        List<Kept> out = new ArrayList<>();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(filesystem)
                + "-(\\d{4}-\\d{2}-\\d{2})(-\\d+)?\\.db");
        if (Files.isDirectory(archive)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(archive, "*.db")) {
                for (Path p : ds) {
                    java.util.regex.Matcher m = name.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        out.add(new Kept(m.group(1), p));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Kept::scanDate).thenComparing(k -> k.file().getFileName().toString()));
        return out;
    }

    /** The archive of kept scans: {@code <data dir>/archive} unless given. */
    public Path archive(Path option) {
        return option != null ? option : dataDir.resolve("archive");
    }

    /** One scan for compare: a database file, a name in the data directory, or FS@DATE and FS@previous for kept scans. */
    public Path resolve(String given) throws IOException {
        return resolve(given, null);
    }

    public Path resolve(String given, Path archiveOption) throws IOException {
        Path file = Path.of(given);
        if (Files.isRegularFile(file)) {
            return file;
        }
        int at = given.lastIndexOf('@');
        if (at > 0 && !given.contains("/")) {
            String fs = given.substring(0, at);
            String when = given.substring(at + 1);
            List<Kept> kept = kept(fs, archive(archiveOption));
            if (when.equals("previous")) {
                if (kept.isEmpty()) {
                    throw new QueryException("no kept scan of " + fs + " in " + archive(archiveOption)
                            + " (import --keep-previous DIR keeps the one an import replaces)");
                }
                return kept.get(kept.size() - 1).file();
            }
            for (int i = kept.size() - 1; i >= 0; i--) {
                if (kept.get(i).scanDate().equals(when)) {
                    return kept.get(i).file();
                }
            }
            throw new QueryException("no scan of " + fs + " of " + when + " in " + archive(archiveOption) + "; kept: "
                    + String.join(", ", kept.stream().map(Kept::scanDate).toList()));
        }
        Path named = fileOf(given);
        if (!given.contains("/") && Files.isRegularFile(named)) {
            return named;
        }
        List<String> known = names();
        throw new QueryException("no database " + given + (known.isEmpty() ? " (and none in " + dataDir + ")"
                : " (the data directory " + dataDir + " has: " + String.join(", ", known) + ")"));
    }
}
