package fsscan.db;

import fsscan.query.Amounts;
import fsscan.query.Conditions;
import fsscan.query.DirectoryRow;
import fsscan.query.Histogram;
import fsscan.query.OwnerRow;
import fsscan.query.Query;
import fsscan.query.QueryException;
import fsscan.query.Root;
import fsscan.query.ScanStore;
import fsscan.query.Scope;
import fsscan.query.Sort;
import fsscan.query.Summary;
import fsscan.query.TreeCursor;
import fsscan.query.Viewer;
import fsscan.query.VisibleSet;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only questions to one imported database. Scoped questions never walk the tree in SQL: a
 * path is resolved to its id range {@code [dir_id, last_id]} by a few primary-key lookups, and
 * everything below it is a range condition. Only bound parameters: any path or name matches literally.
 */
public final class ScanReader implements ScanStore {

    private final Connection conn;
    private final String filesystem;
    private final String scanDate;
    private final Map<Long, String> pathCache = new HashMap<>();

    private final String location;
    private final Dialect dialect;
    private final String rowColumns;

    /**
     * The SQL of a backend: how its tables are named (SQLite: plain; PostgreSQL: in the scan's
     * schema) and how a directory name matches a glob (SQLite's GLOB; a regular expression elsewhere).
     */
    public interface Dialect {
        String table(String name);

        /** A condition on {@code d.name} with one parameter, and that parameter for a glob. */
        String nameMatches(boolean ignoreCase);

        Object globParameter(String glob, boolean ignoreCase);

        /** A condition that {@code column} is (or, negated, is not) one of a list of ids given as one parameter. */
        String idIn(String column, boolean negated);

        /** That parameter for these ids. */
        Object idList(long[] ids);
    }

    /** SQLite's dialect: one file per scan, GLOB built in. */
    public static final Dialect SQLITE = new Dialect() {
        @Override
        public String table(String name) {
            return name;
        }

        @Override
        public String nameMatches(boolean ignoreCase) {
            return ignoreCase ? "lower(d.name) GLOB lower(?)" : "d.name GLOB ?";
        }

        @Override
        public Object globParameter(String glob, boolean ignoreCase) {
            return glob;
        }

        @Override
        public String idIn(String column, boolean negated) {
            return column + (negated ? " NOT IN" : " IN") + " (SELECT value FROM json_each(?))";
        }

        @Override
        public Object idList(long[] ids) {
            return joined(ids, '[', ']');
        }
    };

    /** Ids as one bound parameter's text: {@code open id,id,... close} (a JSON array, a PostgreSQL array). */
    public static String joined(long[] ids, char open, char close) {
        StringBuilder b = new StringBuilder(ids.length * 8 + 2).append(open);
        for (int i = 0; i < ids.length; i++) {
            b.append(i == 0 ? "" : ",").append(ids[i]);
        }
        return b.append(close).toString();
    }

    /** What changes when the scan is replaced: the visible-set cache's key. */
    private String identity;

    private ScanReader(String location, Connection conn, String filesystem, String scanDate, Dialect dialect) {
        this.location = location;
        this.identity = location;
        this.conn = conn;
        this.filesystem = filesystem;
        this.scanDate = scanDate;
        this.dialect = dialect;
        this.rowColumns = "SELECT d.dir_id, d.depth, s.total_size_r, s.total_size_nr, s.file_count_r,"
                + " s.file_count_nr, s.dir_count_r, s.dir_count_nr, s.max_atime_r, s.max_atime_nr, s.owner_uid, s.owner_gid"
                + " FROM " + t("directories") + " d JOIN " + t("directory_stats") + " s ON s.dir_id = d.dir_id";
    }

    private String t(String table) {
        return dialect.table(table);
    }

    /**
     * A scan in another backend's connection, named {@code location} in reports; the connection
     * is this reader's from now on (closed with it).
     */
    public static ScanReader on(Connection conn, Dialect dialect, String location) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT schema_version, filesystem, scan_date FROM "
                + dialect.table("scan_metadata")); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new QueryException(location + " has no scan in it");
            }
            if (rs.getInt(1) != Schema.VERSION) {
                throw new QueryException(location + " was written by another version of fsscan (schema " + rs.getInt(1)
                        + ", this one reads " + Schema.VERSION + "): publish the scan again");
            }
            return new ScanReader(location, conn, rs.getString(2), rs.getString(3), dialect);
        }
    }

    /** Opens an imported database read-only; a missing file or another schema is a clear error. */
    public static ScanReader open(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new QueryException("no database " + file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        } catch (SQLException e) {
            throw new QueryException(SqliteErrors.describe(file, e));
        }
        try {
            int version;
            String fs;
            String date;
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT schema_version, filesystem, scan_date FROM scan_metadata");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new QueryException(file + " has no scan in it (an unfinished import?)");
                }
                version = rs.getInt(1);
                fs = rs.getString(2);
                date = rs.getString(3);
            } catch (SQLException e) {
                String name = e instanceof org.sqlite.SQLiteException se ? se.getResultCode().name() : "";
                if (name.startsWith("SQLITE_ERROR") && String.valueOf(e.getMessage()).contains("no such table")) {
                    throw new QueryException(file + " is not an fsscan database, or one from an older version"
                            + " of fsscan: import the scan again");
                }
                throw new QueryException(SqliteErrors.describe(file, e));
            }
            if (version != Schema.VERSION) {
                throw new QueryException(file + " was written by another version of fsscan (schema "
                        + version + ", this one reads " + Schema.VERSION + "): import the scan again");
            }
            ScanReader reader = new ScanReader(file.toString(), conn, fs, date, SQLITE);
            try {
                var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                reader.identity = file.toAbsolutePath() + "|" + attrs.fileKey() + "|" + attrs.size() + "|"
                        + attrs.lastModifiedTime().toMillis();
            } catch (java.io.IOException e) {
                throw new QueryException("cannot read " + file + ": " + e.getMessage());
            }
            return reader;
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    @Override
    public String filesystem() {
        return filesystem;
    }

    @Override
    public String scanDate() {
        return scanDate;
    }

    @Override
    public String location() {
        return location;
    }

    /** The scan's roots, in id order. */
    @Override
    public List<Root> roots() throws SQLException {
        List<Root> roots = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT dir_id, last_id, name FROM " + t("directories") + " WHERE parent_id IS NULL ORDER BY dir_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                roots.add(new Root(rs.getLong(1), rs.getLong(2), rs.getString(3)));
            }
        }
        return roots;
    }

    /** The id range {@code [dir_id, last_id]} of a directory path, or null when this scan does not have it. */
    @Override
    public long[] range(String path) throws SQLException {
        String p = normalize(path);
        // A root row holds its full path: find the root the path starts with, then walk down by name.
        long id = -1;
        String rest = null;
        for (Root root : roots()) {
            if (p.equals(root.path())) {
                id = root.id();
                rest = "";
                break;
            }
            String prefix = root.path().endsWith("/") ? root.path() : root.path() + "/";
            if (p.startsWith(prefix)) {
                id = root.id();
                rest = p.substring(prefix.length());
                break;
            }
        }
        if (id < 0) {
            return null;
        }
        if (!rest.isEmpty()) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT dir_id FROM " + t("directories") + " WHERE parent_id = ? AND name = ?")) {
                for (String name : rest.split("/")) {
                    ps.setLong(1, id);
                    ps.setString(2, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        id = rs.getLong(1);
                    }
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT last_id FROM " + t("directories") + " WHERE dir_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {id, rs.getLong(1)};
            }
        }
    }

    /**
     * The id ranges a path prefix covers: the directory's own, or, for a prefix above this scan's
     * roots ({@code /gpfs} of a scan of {@code /gpfs/csfs1}, or {@code /}), every root below it.
     * Empty when the scan has nothing there.
     */
    @Override
    public List<long[]> ranges(String path) throws SQLException {
        long[] own = range(path);
        if (own != null) {
            return List.of(own);
        }
        String p = normalize(path);
        String prefix = p.equals("/") ? "/" : p + "/";
        List<long[]> below = new ArrayList<>();
        for (Root root : roots()) {
            if (root.path().startsWith(prefix)) {
                below.add(new long[] {root.id(), root.lastId()});
            }
        }
        return below;
    }

    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                parts.add(c);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** WHERE clause and its parameters for a filter over {@code directories d JOIN directory_stats s}. */
    private record Where(String sql, List<Object> params, boolean empty) {
    }

    /**
     * The WHERE clause of a query over the tables whose id columns are {@code idColumns} (joined on
     * them): a place's id range is stated for each, which the joined tables' keys then read as
     * ranges (PostgreSQL's planner needs it said; SQLite does not mind).
     */
    private Where where(Query q, String... idColumns) throws SQLException {
        String idColumn = idColumns[0];
        Scope scope = q.scope();
        Conditions f = q.conditions();
        StringBuilder sql = new StringBuilder(" WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (!scope.prefixes().isEmpty()) {
            List<long[]> ranges = new ArrayList<>();
            for (String p : scope.prefixes()) {
                ranges.addAll(ranges(p));
            }
            if (ranges.isEmpty()) {
                return new Where("", List.of(), true);
            }
            for (String column : idColumns) {
                sql.append(" AND (");
                for (int i = 0; i < ranges.size(); i++) {
                    sql.append(i == 0 ? "" : " OR ").append(column).append(" BETWEEN ? AND ?");
                    params.add(ranges.get(i)[0]);
                    params.add(ranges.get(i)[1]);
                }
                sql.append(")");
            }
        }
        for (String p : scope.excludes()) {
            for (long[] r : ranges(p)) {
                sql.append(" AND ").append(idColumn).append(" NOT BETWEEN ? AND ?");
                params.add(r[0]);
                params.add(r[1]);
            }
        }
        if (scope.viewer() != null) {
            VisibleSet seen = visible(scope.viewer());
            if (seen.none()) {
                return new Where("", List.of(), true);
            }
            if (!seen.all()) {
                boolean hidden = seen.hidden().length < seen.visible().length;
                sql.append(" AND ").append(dialect.idIn(idColumn, hidden));
                params.add(dialect.idList(hidden ? seen.hidden() : seen.visible()));
            }
        }
        if (scope.minDepth() != null) {
            sql.append(" AND d.depth >= ?");
            params.add(scope.minDepth());
        }
        if (scope.maxDepth() != null) {
            sql.append(" AND d.depth <= ?");
            params.add(scope.maxDepth());
        }
        ownerCondition(sql, params, "uid", f.uids());
        ownerCondition(sql, params, "gid", f.gids());
        if (f.singleOwner()) {
            sql.append(" AND s.owner_uid >= 0");
        }
        String atime = f.atimeNonRecursive() ? "s.max_atime_nr" : "s.max_atime_r";
        if (f.accessedBefore() != null) {
            sql.append(" AND ").append(atime).append(" < ?");
            params.add(Amounts.instant(f.accessedBefore(), scanDay()));
        }
        if (f.accessedAfter() != null) {
            sql.append(" AND ").append(atime).append(" >= ?");
            params.add(Amounts.instant(f.accessedAfter(), scanDay()));
        }
        bound(sql, params, "s.total_size_r", f.minSize(), f.maxSize());
        bound(sql, params, "s.file_count_r", f.minFiles(), f.maxFiles());
        if (f.minAvgSize() != null || f.maxAvgSize() != null) {
            sql.append(" AND s.file_count_nr > 0");
            bound(sql, params, "s.total_size_nr * 1.0 / s.file_count_nr", f.minAvgSize(), f.maxAvgSize());
        }
        if (!f.nameGlobs().isEmpty()) {
            sql.append(" AND (");
            for (int i = 0; i < f.nameGlobs().size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append(dialect.nameMatches(f.ignoreCase()));
                params.add(dialect.globParameter(f.nameGlobs().get(i), f.ignoreCase()));
            }
            sql.append(")");
        }
        if (f.leavesOnly()) {
            sql.append(" AND s.dir_count_nr = 0");
        }
        return new Where(sql.toString(), params, false);
    }

    /** Directories whose own files include files of these owners (exact, from the per-owner table). */
    private void ownerCondition(StringBuilder sql, List<Object> params, String column, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sql.append(" AND EXISTS (SELECT 1 FROM " + t("directory_owners") + " o WHERE o.dir_id = d.dir_id AND o.").append(column)
                .append(" IN (").append("?,".repeat(ids.size() - 1)).append("?))");
        params.addAll(ids);
    }

    private static void bound(StringBuilder sql, List<Object> params, String expr, Long min, Long max) {
        if (min != null) {
            sql.append(" AND ").append(expr).append(" >= ?");
            params.add(min);
        }
        if (max != null) {
            sql.append(" AND ").append(expr).append(" <= ?");
            params.add(max);
        }
    }


    /** Directories matching the filter, sorted (ties by path), at most {@code limit} (0: all). */
    @Override
    public List<DirectoryRow> list(Query q, Sort sort, boolean reverse, int limit) throws SQLException {
        if (limit > 0 && !reverse && sort.isSubtreeFigure() && q.conditions().none()) {
            return withPaths(topDown(q.scope(), sort, limit));
        }
        Where w = where(q, "d.dir_id", "s.dir_id");
        if (w.empty()) {
            return List.of();
        }
        String sql = rowColumns + w.sql() + " ORDER BY " + sort.orderBy(reverse) + (limit > 0 ? " LIMIT " + limit : "");
        List<DirectoryRow> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, w.params()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        return withPaths(rows);
    }

    private DirectoryRow row(ResultSet rs) throws SQLException {
        return new DirectoryRow(filesystem, rs.getLong(1), null, rs.getInt(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), nullable(rs, 9), nullable(rs, 10),
                nullable(rs, 11), nullable(rs, 12));
    }

    private static long key(DirectoryRow r, Sort sort) {
        return switch (sort) {
            case SIZE -> r.totalSizeR();
            case FILES -> r.fileCountR();
            case DIRS -> r.dirCountR();
            default -> r.maxAtimeR() == null ? Long.MIN_VALUE : r.maxAtimeR(); // unknown times last
        };
    }

    /**
     * The top {@code limit} directories by a subtree figure, reading only as many rows as it takes:
     * a parent's figure is at least its children's (and its id smaller), so popping the largest
     * directory seen and adding its children gives every directory in the listing's order. The
     * whole file system's top 50 reads a few hundred rows instead of every directory.
     */
    private List<DirectoryRow> topDown(Scope f, Sort sort, int limit) throws SQLException {
        VisibleSet seen = f.viewer() == null ? null : visible(f.viewer());
        java.util.Comparator<DirectoryRow> order = java.util.Comparator.comparingLong((DirectoryRow r) -> key(r, sort))
                .reversed().thenComparingLong(DirectoryRow::id);
        java.util.PriorityQueue<DirectoryRow> frontier = new java.util.PriorityQueue<>(order);
        List<long[]> excluded = new ArrayList<>();
        for (String p : f.excludes()) {
            excluded.addAll(ranges(p));
        }
        List<long[]> starts = new ArrayList<>();
        if (f.prefixes().isEmpty()) {
            for (Root root : roots()) {
                starts.add(new long[] {root.id(), root.lastId()});
            }
        } else {
            for (String p : f.prefixes()) {
                starts.addAll(ranges(p));
            }
        }
        // A prefix inside another prefix is already in its walk.
        starts.sort(java.util.Comparator.comparingLong((long[] r) -> r[0]));
        long coveredTo = 0;
        try (PreparedStatement one = conn.prepareStatement(rowColumns + " WHERE d.dir_id = ?");
             PreparedStatement children = conn.prepareStatement(rowColumns + " WHERE d.parent_id = ?")) {
            for (long[] r : starts) {
                if (r[0] <= coveredTo) {
                    continue;
                }
                coveredTo = r[1];
                one.setLong(1, r[0]);
                try (ResultSet rs = one.executeQuery()) {
                    if (rs.next()) {
                        offer(frontier, row(rs), f, excluded, seen);
                    }
                }
            }
            List<DirectoryRow> out = new ArrayList<>();
            while (out.size() < limit && !frontier.isEmpty()) {
                DirectoryRow top = frontier.poll();
                if (f.minDepth() == null || top.depth() >= f.minDepth()) {
                    out.add(top);
                }
                if (f.maxDepth() != null && top.depth() >= f.maxDepth()) {
                    continue;
                }
                children.setLong(1, top.id());
                try (ResultSet rs = children.executeQuery()) {
                    while (rs.next()) {
                        offer(frontier, row(rs), f, excluded, seen);
                    }
                }
            }
            return out;
        }
    }

    private static void offer(java.util.PriorityQueue<DirectoryRow> frontier, DirectoryRow r, Scope f, List<long[]> excluded,
                              VisibleSet seen) {
        if (f.maxDepth() != null && r.depth() > f.maxDepth()) {
            return;
        }
        if (seen != null && !seen.contains(r.id())) {
            return; // nothing below a hidden directory is visible
        }
        for (long[] x : excluded) {
            if (r.id() >= x[0] && r.id() <= x[1]) {
                return;
            }
        }
        frontier.add(r);
    }

    private List<DirectoryRow> withPaths(List<DirectoryRow> rows) throws SQLException {
        List<DirectoryRow> withPaths = new ArrayList<>(rows.size());
        for (DirectoryRow r : rows) {
            withPaths.add(r.withPath(path(r.id())));
        }
        return withPaths;
    }

    /**
     * Per-owner (uid, or gid with {@code byGroup}) totals of the files in the directories the filter
     * keeps, exact to the file: a sum over the per-owner table.
     */
    @Override
    public List<OwnerRow> ownerTotals(Query q, boolean byGroup) throws SQLException {
        String key = byGroup ? "o.gid" : "o.uid";
        // With only path prefixes and excludes, the per-owner table's key range is all it takes.
        boolean onlyRanges = q.conditions().none() && q.scope().minDepth() == null && q.scope().maxDepth() == null;
        Where w = onlyRanges ? where(q, "o.dir_id") : where(q, "o.dir_id", "d.dir_id", "s.dir_id");
        if (w.empty()) {
            return List.of();
        }
        String from = onlyRanges
                ? " FROM " + t("directory_owners") + " o" + w.sql()
                : " FROM " + t("directory_owners") + " o JOIN " + t("directories") + " d ON d.dir_id = o.dir_id"
                        + " JOIN " + t("directory_stats") + " s ON s.dir_id = o.dir_id" + w.sql();
        // Per (directory, owner) first, in the table's key order, then per owner: its directories are
        // a count of rows, not a COUNT(DISTINCT) that sorts every owner's rows again.
        String sql = "SELECT k, SUM(f), SUM(b), SUM(l), COUNT(*), MAX(a) FROM (SELECT o.dir_id, " + key + " AS k,"
                + " SUM(o.file_count) AS f, SUM(o.total_size) AS b, SUM(o.logical_size) AS l, MAX(o.max_atime) AS a"
                + from + " GROUP BY o.dir_id, " + key + ") per_directory GROUP BY k";
        List<OwnerRow> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, w.params()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new OwnerRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        nullable(rs, 6)));
            }
        }
        return rows;
    }

    /**
     * The access-age (or, with {@code bySize}, file-size) histogram of the files in the directories
     * the filter keeps (path prefixes, excludes, depth), of the given users only when {@code uids}
     * is not empty: a sum of the per-owner histograms over the scope, exact to the file.
     */
    @Override
    public Histogram histogram(Scope scope, List<Long> uids, boolean bySize) throws SQLException {
        int buckets = bySize ? fsscan.scan.Buckets.SIZE_LABELS.size() : fsscan.scan.Buckets.AGE_LABELS.size();
        Histogram h = Histogram.empty(buckets);
        // Depths need the directories; places alone are ranges of the per-owner table's key.
        boolean depths = scope.minDepth() != null || scope.maxDepth() != null;
        Query q = Query.builder().scope(scope).build();
        Where w = depths ? where(q, "o.dir_id", "d.dir_id") : where(q, "o.dir_id");
        if (w.empty()) {
            return h;
        }
        String sql = "SELECT o.uid, o." + (bySize ? "size_histogram" : "access_histogram")
                + " FROM " + t("directory_owners") + " o"
                + (depths ? " JOIN " + t("directories") + " d ON d.dir_id = o.dir_id" : "") + w.sql()
                + (uids.isEmpty() ? "" : " AND o.uid IN (" + "?,".repeat(uids.size() - 1) + "?)");
        List<Object> params = new ArrayList<>(w.params());
        params.addAll(uids);
        long[] cellFiles = new long[buckets];
        long[] cellBytes = new long[buckets];
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long uid = rs.getLong(1);
                java.util.Arrays.fill(cellFiles, 0);
                java.util.Arrays.fill(cellBytes, 0);
                fsscan.scan.Buckets.addDecoded(rs.getBytes(2), cellFiles, cellBytes);
                h.add(uid, cellFiles, cellBytes);
            }
        }
        return h;
    }

    @Override
    public long count(Query q) throws SQLException {
        Where w = where(q, "d.dir_id", "s.dir_id");
        if (w.empty()) {
            return 0;
        }
        try (PreparedStatement ps = prepare("SELECT COUNT(*) FROM " + t("directories") + " d JOIN " + t("directory_stats")
                + " s ON s.dir_id = d.dir_id" + w.sql(), w.params()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public long[] scopeTotals(Scope scope) throws SQLException {
        boolean depths = scope.minDepth() != null || scope.maxDepth() != null;
        Query q = Query.builder().scope(scope).build();
        Where w = depths ? where(q, "s.dir_id", "d.dir_id") : where(q, "s.dir_id");
        if (w.empty()) {
            return new long[2];
        }
        // Own figures are disjoint: their sum over the scope counts every file once, however nested.
        String sql = "SELECT SUM(s.total_size_nr), SUM(s.file_count_nr) FROM " + t("directory_stats") + " s"
                + (depths ? " JOIN " + t("directories") + " d ON d.dir_id = s.dir_id" : "") + w.sql();
        try (PreparedStatement ps = prepare(sql, w.params()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @Override
    public Summary summary() throws SQLException {
        String sql = "SELECT filesystem, scan_date, directory_count, file_count, total_size, logical_size, max_depth,"
                + " owners, malformed_lines, source_files FROM " + t("scan_metadata") + "";
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Summary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getLong(9), rs.getString(10));
        }
    }

    /** uid (or gid) names saved at import. */
    @Override
    public Map<Long, String> savedNames(boolean group) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, name FROM " + t("owner_names") + " WHERE kind = ?")) {
            ps.setString(1, group ? "group" : "user");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return names;
    }

    /** Full path of a directory, from its ancestors' names (cached: rows share ancestors; no recursion). */
    public String path(long id) throws SQLException {
        List<Long> chain = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long current = id;
        String base;
        try (PreparedStatement ps = conn.prepareStatement("SELECT parent_id, name FROM " + t("directories") + " WHERE dir_id = ?")) {
            while (true) {
                String cached = pathCache.get(current);
                if (cached != null) {
                    base = cached;
                    break;
                }
                ps.setLong(1, current);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("directory " + current + " is missing: the database is damaged");
                    }
                    long parent = rs.getLong(1);
                    boolean root = rs.wasNull();
                    String name = rs.getString(2);
                    if (root) {
                        base = name;
                        pathCache.put(current, name);
                        break;
                    }
                    chain.add(current);
                    names.add(name);
                    current = parent;
                }
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            base = (base.equals("/") ? "/" : base + "/") + names.get(i);
            pathCache.put(chain.get(i), base);
        }
        return base;
    }

    private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public DirectoryRow directory(long id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rowColumns + " WHERE d.dir_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs).withPath(path(id)) : null;
            }
        }
    }

    @Override
    public List<DirectoryRow> children(long id) throws SQLException {
        List<DirectoryRow> rows = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(rowColumns + " WHERE d.parent_id = ? ORDER BY d.dir_id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return withPaths(rows);
    }

    /**
     * The directories a viewer may see: those holding files of its uids or gids, and their
     * ancestors. One pass over the per-owner table and one over the directories' parents, kept in
     * {@link VisibleSet}'s cache for this file as it is now.
     */
    @Override
    public VisibleSet visible(Viewer viewer) throws SQLException {
        try {
            return VisibleSet.cached(identity + "|" + viewer.key(), () -> {
                try {
                    return computeVisible(viewer);
                } catch (SQLException e) {
                    throw new java.io.UncheckedIOException(new java.io.IOException(e));
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw (SQLException) e.getCause().getCause();
        }
    }

    private VisibleSet computeVisible(Viewer viewer) throws SQLException {
        int max;
        try (PreparedStatement ps = conn.prepareStatement("SELECT MAX(dir_id) FROM " + t("directories"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            max = (int) rs.getLong(1);
        }
        int[] parent = new int[max + 1];
        java.util.Arrays.fill(parent, -1);
        boolean[] exists = new boolean[max + 1];
        try (PreparedStatement ps = conn.prepareStatement("SELECT dir_id, parent_id FROM " + t("directories"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int id = (int) rs.getLong(1);
                exists[id] = true;
                long p = rs.getLong(2);
                parent[id] = rs.wasNull() ? -1 : (int) p;
            }
        }
        boolean[] seen = new boolean[max + 1];
        List<Long> ids = new ArrayList<>(viewer.uids());
        ids.addAll(viewer.gids());
        if (!ids.isEmpty()) {
            StringBuilder sql = new StringBuilder("SELECT DISTINCT dir_id FROM " + t("directory_owners") + " WHERE ");
            if (!viewer.uids().isEmpty()) {
                sql.append("uid IN (").append("?,".repeat(viewer.uids().size() - 1)).append("?)");
            }
            if (!viewer.gids().isEmpty()) {
                sql.append(viewer.uids().isEmpty() ? "" : " OR ").append("gid IN (")
                        .append("?,".repeat(viewer.gids().size() - 1)).append("?)");
            }
            try (PreparedStatement ps = prepare(sql.toString(), new ArrayList<>(ids)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int d = (int) rs.getLong(1); d >= 0 && !seen[d]; d = parent[d]) {
                        seen[d] = true;
                    }
                }
            }
        }
        int visible = 0;
        int all = 0;
        for (int i = 0; i <= max; i++) {
            all += exists[i] ? 1 : 0;
            visible += seen[i] ? 1 : 0;
        }
        long[] in = new long[visible];
        long[] out = new long[all - visible];
        int a = 0;
        int b = 0;
        for (int i = 0; i <= max; i++) {
            if (seen[i]) {
                in[a++] = i;
            } else if (exists[i]) {
                out[b++] = i;
            }
        }
        return new VisibleSet(in, out);
    }

    @Override
    public TreeCursor tree(long from, long to, int maxDepth) throws SQLException {
        PreparedStatement ps = conn.prepareStatement("SELECT d.dir_id, d.parent_id, d.name, d.depth, s.total_size_r,"
                + " s.file_count_r FROM " + t("directories") + " d JOIN " + t("directory_stats") + " s ON s.dir_id = d.dir_id"
                + " WHERE d.dir_id BETWEEN ? AND ? AND d.depth <= ? ORDER BY d.dir_id");
        ps.setLong(1, from);
        ps.setLong(2, to);
        ps.setLong(3, maxDepth);
        ResultSet rs = ps.executeQuery();
        return new TreeCursor() {
            @Override
            public boolean next() throws SQLException {
                return rs.next();
            }

            @Override
            public long id() {
                return get(1);
            }

            @Override
            public long parentId() {
                return get(2);
            }

            @Override
            public String name() {
                try {
                    return rs.getString(3);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public int depth() {
                return (int) get(4);
            }

            @Override
            public long totalSize() {
                return get(5);
            }

            @Override
            public long files() {
                return get(6);
            }

            private long get(int column) {
                try {
                    return rs.getLong(column);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() throws SQLException {
                rs.close();
                ps.close();
            }
        };
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
