package fsscan.query;

/** Sort keys of a listing: biggest or newest first, path and depth in their natural order. */
public enum Sort {
    SIZE("total_size_r", true),
    SIZE_NR("total_size_nr", true),
    FILES("file_count_r", true),
    FILES_NR("file_count_nr", true),
    DIRS("dir_count_r", true),
    DIRS_NR("dir_count_nr", true),
    ATIME("max_atime_r", true),
    ATIME_NR("max_atime_nr", true),
    // Ids are depth-first in name order: id order is path order.
    PATH("dir_id", false),
    DEPTH("depth", false);

    public final String column;
    public final boolean descending;

    Sort(String column, boolean descending) {
        this.column = column;
        this.descending = descending;
    }
}
