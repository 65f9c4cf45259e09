package fsscan.db;

/** Table definitions. Table and column names are those of the original tool, so its SQL keeps working. */
public final class Schema {

    /** Bumped whenever a table or column changes meaning; queries refuse other versions. */
    public static final int VERSION = 4;

    static final String[] TABLES = {
        "CREATE TABLE directories ("
            + " dir_id INTEGER PRIMARY KEY,"
            + " parent_id INTEGER,"
            + " name TEXT NOT NULL,"
            + " depth INTEGER NOT NULL,"
            + " last_id INTEGER NOT NULL," // the subtree is dir_id..last_id
            + " listed INTEGER NOT NULL)", // 0 = implied by a path below it
        "CREATE TABLE directory_stats ("
            + " dir_id INTEGER PRIMARY KEY,"
            + " file_count_nr INTEGER NOT NULL, total_size_nr INTEGER NOT NULL,"
            + " logical_size_nr INTEGER NOT NULL, dir_count_nr INTEGER NOT NULL, max_atime_nr INTEGER,"
            + " file_count_r INTEGER NOT NULL, total_size_r INTEGER NOT NULL,"
            + " logical_size_r INTEGER NOT NULL, dir_count_r INTEGER NOT NULL, max_atime_r INTEGER,"
            + " owner_uid INTEGER, owner_gid INTEGER)",
        // The directory's own files per owner: exact per-user figures over any id range. Clustered on
        // the key and written in key order, so it needs no index of its own. gid -1: not in the list.
        "CREATE TABLE directory_owners ("
            + " dir_id INTEGER NOT NULL, uid INTEGER NOT NULL, gid INTEGER NOT NULL,"
            + " file_count INTEGER NOT NULL, total_size INTEGER NOT NULL,"
            + " logical_size INTEGER NOT NULL, max_atime INTEGER,"
            // Files and allocated bytes per access-age and per size bucket: Buckets.encode's varints.
            + " access_histogram BLOB NOT NULL, size_histogram BLOB NOT NULL,"
            + " PRIMARY KEY (dir_id, uid, gid)) WITHOUT ROWID",
        // Names of the uids and gids seen, as the importing machine knew them: queries elsewhere show them.
        "CREATE TABLE owner_names (kind TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL,"
            + " PRIMARY KEY (kind, id)) WITHOUT ROWID",
        "CREATE TABLE scan_metadata ("
            + " schema_version INTEGER NOT NULL, source_files TEXT NOT NULL, filesystem TEXT NOT NULL,"
            + " scan_date TEXT, scan_date_source TEXT, import_time TEXT NOT NULL, import_seconds REAL,"
            + " workers INTEGER, total_lines INTEGER, header_lines INTEGER, malformed_lines INTEGER,"
            + " file_count INTEGER, directory_lines INTEGER, directory_count INTEGER,"
            + " implied_directories INTEGER, total_size INTEGER, logical_size INTEGER, max_depth INTEGER,"
            + " owner_rows INTEGER, owners INTEGER, rejects_file TEXT, fsscan_version TEXT)",
    };

    /** Built after the bulk load: one sort each instead of a b-tree update per row. */
    static final String[] INDEXES = {
        "CREATE UNIQUE INDEX idx_directories_parent_name ON directories(parent_id, name)",
    };

    private Schema() {
    }
}
