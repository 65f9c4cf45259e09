package fsscan.query;

import java.util.List;
import java.util.Map;

/**
 * One imported scan, as a backend holds it (a SQLite file today). Every question of the engine is
 * one of these calls; the SQL lives behind them. A second backend implements this interface.
 */
public interface ScanStore extends AutoCloseable {

    String filesystem();

    /** YYYY-MM-DD, or null when the import did not know it. */
    String scanDate();

    /** Where the scan is kept, as a person names it (a file path). */
    String location();

    /** Days since 1970 of the scan date: ages like "3yrs" count back from it. */
    default long scanDay() {
        return scanDate() == null ? java.time.LocalDate.now().toEpochDay() : java.time.LocalDate.parse(scanDate()).toEpochDay();
    }

    /** Directories the query keeps, in the sort's order (ties in tree order), at most {@code limit} (0: all). */
    List<DirectoryRow> list(Query query, Sort sort, boolean reverse, int limit) throws Exception;

    /** Per-owner totals of the files in the directories the query keeps, exact to the file. */
    List<OwnerRow> ownerTotals(Query query, boolean byGroup) throws Exception;

    /** Access-age (or file-size) histogram of the files in scope, of these users only when not empty. */
    Histogram histogram(Scope scope, List<Long> uids, boolean bySize) throws Exception;

    Summary summary() throws Exception;

    /** How many directories the query keeps (all of them, whatever a listing's limit). */
    long count(Query query) throws Exception;

    /** Allocated bytes and files in the scope: the sum of its directories' own figures, {size, files}. */
    long[] scopeTotals(Scope scope) throws Exception;

    /** uid (or gid) names saved at import. */
    Map<Long, String> savedNames(boolean group) throws Exception;

    List<Root> roots() throws Exception;

    /** The id range {@code [dir_id, last_id]} of a directory, or null when the scan does not have it. */
    long[] range(String path) throws Exception;

    /**
     * The id ranges a path covers: the directory's own, or, for a path above the scan's roots, every
     * root below it; empty when the scan has nothing there.
     */
    List<long[]> ranges(String path) throws Exception;

    /** Whether a path names a directory of the scan, or lies above its roots. */
    default boolean covers(String path) throws Exception {
        return !ranges(path).isEmpty();
    }

    /** One directory's row, with its path; null when the scan has no such id. */
    DirectoryRow directory(long id) throws Exception;

    /** A directory's direct subdirectories, with paths, in tree order. */
    List<DirectoryRow> children(long id) throws Exception;

    /** The directories this viewer may see (see {@link Viewer}). */
    VisibleSet visible(Viewer viewer) throws Exception;

    /** Directories with ids {@code from..to} and depth at most {@code maxDepth}, in id order. */
    TreeCursor tree(long from, long to, int maxDepth) throws Exception;

    @Override
    void close() throws Exception;
}
