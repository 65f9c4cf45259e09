package fsscan.query;

import fsscan.scan.TreeOrder;

import java.util.Comparator;
import java.util.function.Function;

/**
 * Sort keys of a listing, biggest or newest first (path and depth in their natural order). Each key
 * owns both its SQL and its comparator, which agree: ties in tree order, unknown access times last
 * in either direction, then (across scans) by file system. Merged listings of several scans sort
 * with the comparator exactly as one scan's SQL does.
 */
public enum Sort {
    SIZE("s.total_size_r", true, DirectoryRow::totalSizeR),
    SIZE_NR("s.total_size_nr", true, DirectoryRow::totalSizeNr),
    FILES("s.file_count_r", true, DirectoryRow::fileCountR),
    FILES_NR("s.file_count_nr", true, DirectoryRow::fileCountNr),
    DIRS("s.dir_count_r", true, DirectoryRow::dirCountR),
    DIRS_NR("s.dir_count_nr", true, DirectoryRow::dirCountNr),
    ATIME("s.max_atime_r", true, DirectoryRow::maxAtimeR),
    ATIME_NR("s.max_atime_nr", true, DirectoryRow::maxAtimeNr),
    // Ids are depth-first in tree order: id order is path order.
    PATH("d.dir_id", false, null),
    DEPTH("d.depth", false, r -> (long) r.depth());

    private final String column;
    public final boolean descending;
    private final Function<DirectoryRow, Long> key;

    Sort(String column, boolean descending, Function<DirectoryRow, Long> key) {
        this.column = column;
        this.descending = descending;
        this.key = key;
    }

    /** As typed on the command line: size_nr, atime. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a subtree figure: never larger in a child than in its parent, so the top-down walk applies. */
    public boolean isSubtreeFigure() {
        return this == SIZE || this == FILES || this == DIRS || this == ATIME;
    }

    /** The ORDER BY of one scan's listing (tables {@code d} directories, {@code s} directory_stats). */
    public String orderBy(boolean reverse) {
        boolean desc = descending != reverse;
        if (this == PATH) {
            return "d.dir_id" + (desc ? " DESC" : " ASC");
        }
        boolean nullable = this == ATIME || this == ATIME_NR;
        return column + (desc ? " DESC" : " ASC") + (nullable ? " NULLS LAST" : "") + ", d.dir_id ASC";
    }

    /** The same order over rows of any scans: the SQL's, then by file system and id. */
    public Comparator<DirectoryRow> comparator(boolean reverse) {
        boolean desc = descending != reverse;
        Comparator<DirectoryRow> tree = (a, b) -> TreeOrder.compare(a.path(), b.path());
        Comparator<DirectoryRow> c;
        if (this == PATH) {
            c = desc ? tree.reversed() : tree;
        } else {
            Comparator<Long> values = desc ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder();
            c = Comparator.comparing(key, Comparator.nullsLast(values)).thenComparing(tree);
        }
        return c.thenComparing(DirectoryRow::filesystem).thenComparingLong(DirectoryRow::id);
    }
}
