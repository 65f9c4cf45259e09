package fsscan.web;

import fsscan.db.ScanReader;
import fsscan.query.Catalog;
import fsscan.query.NameService;
import fsscan.query.ScanStore;
import fsscan.query.Scans;
import fsscan.query.Viewer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The scans a server answers about: every {@code <fs>.db} of the data directory (looked at again
 * for every request, so a new file system or a newly imported scan is served at once), one of
 * them, or one file; and the scans kept beside them ({@code import --keep-previous}). Requests
 * name scans, never files: a name is checked against this list before any file is opened.
 */
final class Served {

    /** A name in a request: a file system, or FS@YYYY-MM-DD, FS@previous (a kept scan). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final Pattern WHEN = Pattern.compile("previous|\\d{4}-\\d{2}-\\d{2}");

    /** Unknown name or date: a 404 whose words name only what is served. */
    static final class NotServed extends RuntimeException {
        NotServed(String message) {
            super(message);
        }
    }

    private final Catalog catalog;
    private final String only;
    private final Path single;
    private final NameService names;

    /**
     * @param only   one file system of the data directory, or null for all
     * @param single one database file (--db), or null
     */
    Served(Catalog catalog, String only, Path single, NameService names) {
        this.catalog = catalog;
        this.only = only;
        this.single = single;
        this.names = names;
    }

    /** The file systems served now, in name order. */
    List<String> filesystems() throws IOException {
        if (single != null) {
            return List.of(stem(single));
        }
        if (only != null) {
            return Files.isRegularFile(catalog.fileOf(only)) ? List.of(only) : List.of();
        }
        return catalog.names();
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".db") ? n.substring(0, n.length() - 3) : n;
    }

    /** The live database of a served file system. */
    Path file(String fs) throws IOException {
        if (fs == null || !NAME.matcher(fs).matches() || !filesystems().contains(fs)) {
            throw new NotServed("no file system '" + (fs == null ? "" : fs) + "' here; served: "
                    + String.join(", ", filesystems()));
        }
        return single != null ? single : catalog.fileOf(fs);
    }

    /** The kept scans of a file system, oldest first (none when it is served from one file). */
    List<Catalog.Kept> kept(String fs) throws IOException {
        Path archive = (single != null ? single.toAbsolutePath().getParent() : catalog.dataDirectory()).resolve("archive");
        return catalog.kept(fs, archive);
    }

    /** A scan by its request name: FS (the live one), FS@previous or FS@YYYY-MM-DD. */
    Path resolve(String name) throws IOException {
        int at = name == null ? -1 : name.lastIndexOf('@');
        if (at < 0) {
            return file(name);
        }
        String fs = name.substring(0, at);
        String when = name.substring(at + 1);
        file(fs);
        if (!WHEN.matcher(when).matches()) {
            throw new NotServed("a scan is FS, FS@previous or FS@YYYY-MM-DD, not '" + name + "'");
        }
        List<Catalog.Kept> kept = kept(fs);
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (when.equals("previous") || kept.get(i).scanDate().equals(when)) {
                return kept.get(i).file();
            }
        }
        throw new NotServed("no kept scan " + name + "; kept scans of " + fs + ": "
                + (kept.isEmpty() ? "none" : String.join(", ", kept.stream().map(Catalog.Kept::scanDate).toList())));
    }

    /** These scans (request names; none: every file system served) as the viewer sees them (null: all). */
    Scans open(List<String> requested, Viewer viewer) throws Exception {
        List<Path> files = new ArrayList<>();
        if (requested.isEmpty()) {
            for (String fs : filesystems()) {
                files.add(file(fs));
            }
            if (files.isEmpty()) {
                throw new NotServed("no scans are served yet: import one (fsscan import)");
            }
        } else {
            for (String name : requested) {
                files.add(resolve(name));
            }
        }
        List<ScanStore> stores = new ArrayList<>();
        try {
            for (Path f : files) {
                try {
                    stores.add(ScanReader.open(f));
                } catch (fsscan.query.QueryException e) {
                    if (!requested.isEmpty()) {
                        throw e;
                    }
                    // Of all, one that cannot be read is left out, as the command line does.
                }
            }
            if (stores.isEmpty()) {
                throw new NotServed("no scan served here can be read now");
            }
            return Scans.of(stores, names).seenBy(viewer);
        } catch (Exception e) {
            for (ScanStore s : stores) {
                s.close();
            }
            throw e;
        }
    }
}
