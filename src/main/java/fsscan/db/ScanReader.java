package fsscan.db;

import fsscan.query.Amounts;
import fsscan.query.Filter;
import fsscan.query.Sort;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only questions to one imported database. Scoped questions never walk the tree in SQL: a
 * path is resolved to its id range {@code [dir_id, last_id]} by a few primary-key lookups, and
 * everything below it is a range condition. Only bound parameters: any path or name matches literally.
 */
public final class ScanReader implements AutoCloseable {

    /** One row of a listing. {@code maxAtime*} and owners are null when unknown or mixed. */
    public record DirectoryRow(String filesystem, long id, String path, int depth, long totalSizeR, long totalSizeNr,
                               long fileCountR, long fileCountNr, long dirCountR, long dirCountNr, Long maxAtimeR,
                               Long maxAtimeNr, Long ownerUid, Long ownerGid) {
    }

    /** Per-owner totals: {@code id} a uid or gid. */
    public record OwnerRow(long id, long files, long totalSize, long logicalSize, long directories, Long maxAtime) {
    }

    public record Summary(String filesystem, String scanDate, long directories, long files, long totalSize,
                          long logicalSize, int maxDepth, long owners, long malformedLines, String source) {
    }

    private final Path file;
    private final Connection conn;
    private final String filesystem;
    private final String scanDate;
    private final Map<Long, String> pathCache = new HashMap<>();

    private ScanReader(Path file, Connection conn, String filesystem, String scanDate) {
        this.file = file;
        this.conn = conn;
        this.filesystem = filesystem;
        this.scanDate = scanDate;
    }

    /** Opens an imported database read-only; a missing file or another schema is a clear error. */
    public static ScanReader open(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no database " + file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        } catch (SQLException e) {
            throw new IllegalArgumentException(SqliteErrors.describe(file, e));
        }
        try {
            int version;
            String fs;
            String date;
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT schema_version, filesystem, scan_date FROM scan_metadata");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException(file + " has no scan in it (an unfinished import?)");
                }
                version = rs.getInt(1);
                fs = rs.getString(2);
                date = rs.getString(3);
            } catch (SQLException e) {
                String name = e instanceof org.sqlite.SQLiteException se ? se.getResultCode().name() : "";
                if (name.startsWith("SQLITE_ERROR") && String.valueOf(e.getMessage()).contains("no such table")) {
                    throw new IllegalArgumentException(file + " is not an fsscan database, or one from an older version"
                            + " of fsscan: import the scan again");
                }
                throw new IllegalArgumentException(SqliteErrors.describe(file, e));
            }
            if (version != Schema.VERSION) {
                throw new IllegalArgumentException(file + " was written by another version of fsscan (schema "
                        + version + ", this one reads " + Schema.VERSION + "): import the scan again");
            }
            return new ScanReader(file, conn, fs, date);
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    public String filesystem() {
        return filesystem;
    }

    public String scanDate() {
        return scanDate;
    }

    /** Days since 1970 of the scan date; ages like "3yrs" count back from it. */
    public long scanDay() {
        return scanDate == null ? LocalDate.now().toEpochDay() : LocalDate.parse(scanDate).toEpochDay();
    }

    /** A directory without a parent in this scan: its subtree is {@code id..lastId}, its name its full path. */
    record Root(long id, long lastId, String path) {
    }

    /** The scan's roots, in id order. */
    List<Root> roots() throws SQLException {
        List<Root> roots = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT dir_id, last_id, name FROM directories WHERE parent_id IS NULL ORDER BY dir_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                roots.add(new Root(rs.getLong(1), rs.getLong(2), rs.getString(3)));
            }
        }
        return roots;
    }

    /** The id range {@code [dir_id, last_id]} of a directory path, or null when this scan does not have it. */
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
            try (PreparedStatement ps = conn.prepareStatement("SELECT dir_id FROM directories WHERE parent_id = ? AND name = ?")) {
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
        try (PreparedStatement ps = conn.prepareStatement("SELECT last_id FROM directories WHERE dir_id = ?")) {
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

    private Where where(Filter f) throws SQLException {
        StringBuilder sql = new StringBuilder(" WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (!f.pathPrefixes().isEmpty()) {
            List<long[]> ranges = new ArrayList<>();
            for (String p : f.pathPrefixes()) {
                ranges.addAll(ranges(p));
            }
            if (ranges.isEmpty()) {
                return new Where("", List.of(), true);
            }
            sql.append(" AND (");
            for (int i = 0; i < ranges.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("d.dir_id BETWEEN ? AND ?");
                params.add(ranges.get(i)[0]);
                params.add(ranges.get(i)[1]);
            }
            sql.append(")");
        }
        for (String p : f.excludes()) {
            for (long[] r : ranges(p)) {
                sql.append(" AND d.dir_id NOT BETWEEN ? AND ?");
                params.add(r[0]);
                params.add(r[1]);
            }
        }
        if (f.minDepth() != null) {
            sql.append(" AND d.depth >= ?");
            params.add(f.minDepth());
        }
        if (f.maxDepth() != null) {
            sql.append(" AND d.depth <= ?");
            params.add(f.maxDepth());
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
                sql.append(i == 0 ? "" : " OR ").append(f.ignoreCase() ? "lower(d.name) GLOB lower(?)" : "d.name GLOB ?");
                params.add(f.nameGlobs().get(i));
            }
            sql.append(")");
        }
        if (f.leavesOnly()) {
            sql.append(" AND s.dir_count_nr = 0");
        }
        return new Where(sql.toString(), params, false);
    }

    /** Directories whose own files include files of these owners (exact, from the per-owner table). */
    private static void ownerCondition(StringBuilder sql, List<Object> params, String column, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sql.append(" AND EXISTS (SELECT 1 FROM directory_owners o WHERE o.dir_id = d.dir_id AND o.").append(column)
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

    private static final String ROW_COLUMNS = "SELECT d.dir_id, d.depth, s.total_size_r, s.total_size_nr, s.file_count_r,"
            + " s.file_count_nr, s.dir_count_r, s.dir_count_nr, s.max_atime_r, s.max_atime_nr, s.owner_uid, s.owner_gid"
            + " FROM directories d JOIN directory_stats s ON s.dir_id = d.dir_id";

    /** Directories matching the filter, sorted (ties by path), at most {@code limit} (0: all). */
    public List<DirectoryRow> list(Filter f, Sort sort, boolean reverse, int limit) throws SQLException {
        if (limit > 0 && !reverse && treeOrdered(sort) && onlyWhere(f)) {
            return withPaths(topDown(f, sort, limit));
        }
        Where w = where(f);
        if (w.empty()) {
            return List.of();
        }
        boolean desc = sort.descending != reverse;
        String order = (sort == Sort.PATH ? "d.dir_id" : (sort == Sort.DEPTH ? "d." : "s.") + sort.column)
                + (desc ? " DESC" : " ASC") + (sort.column.startsWith("max_atime") ? " NULLS LAST" : "")
                + ", d.dir_id" + (sort == Sort.PATH && desc ? " DESC" : "");
        String sql = ROW_COLUMNS + w.sql() + " ORDER BY " + order + (limit > 0 ? " LIMIT " + limit : "");
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

    /** Subtree figures never exceed their parent's: a best-first walk from the top yields them in order. */
    private static boolean treeOrdered(Sort sort) {
        return sort == Sort.SIZE || sort == Sort.FILES || sort == Sort.DIRS || sort == Sort.ATIME;
    }

    /** A filter of places only (prefixes, excludes, depths): the walk can apply it as it goes. */
    private static boolean onlyWhere(Filter f) {
        return f.uids().isEmpty() && f.gids().isEmpty() && !f.singleOwner() && f.accessedBefore() == null
                && f.accessedAfter() == null && f.minSize() == null && f.maxSize() == null && f.minFiles() == null
                && f.maxFiles() == null && f.minAvgSize() == null && f.maxAvgSize() == null && f.nameGlobs().isEmpty()
                && !f.leavesOnly();
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
    private List<DirectoryRow> topDown(Filter f, Sort sort, int limit) throws SQLException {
        java.util.Comparator<DirectoryRow> order = java.util.Comparator.comparingLong((DirectoryRow r) -> key(r, sort))
                .reversed().thenComparingLong(DirectoryRow::id);
        java.util.PriorityQueue<DirectoryRow> frontier = new java.util.PriorityQueue<>(order);
        List<long[]> excluded = new ArrayList<>();
        for (String p : f.excludes()) {
            excluded.addAll(ranges(p));
        }
        List<long[]> starts = new ArrayList<>();
        if (f.pathPrefixes().isEmpty()) {
            for (Root root : roots()) {
                starts.add(new long[] {root.id(), root.lastId()});
            }
        } else {
            for (String p : f.pathPrefixes()) {
                starts.addAll(ranges(p));
            }
        }
        // A prefix inside another prefix is already in its walk.
        starts.sort(java.util.Comparator.comparingLong((long[] r) -> r[0]));
        long coveredTo = 0;
        try (PreparedStatement one = conn.prepareStatement(ROW_COLUMNS + " WHERE d.dir_id = ?");
             PreparedStatement children = conn.prepareStatement(ROW_COLUMNS + " WHERE d.parent_id = ?")) {
            for (long[] r : starts) {
                if (r[0] <= coveredTo) {
                    continue;
                }
                coveredTo = r[1];
                one.setLong(1, r[0]);
                try (ResultSet rs = one.executeQuery()) {
                    if (rs.next()) {
                        offer(frontier, row(rs), f, excluded);
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
                        offer(frontier, row(rs), f, excluded);
                    }
                }
            }
            return out;
        }
    }

    private static void offer(java.util.PriorityQueue<DirectoryRow> frontier, DirectoryRow r, Filter f, List<long[]> excluded) {
        if (f.maxDepth() != null && r.depth() > f.maxDepth()) {
            return;
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
            withPaths.add(new DirectoryRow(r.filesystem(), r.id(), path(r.id()), r.depth(), r.totalSizeR(),
                    r.totalSizeNr(), r.fileCountR(), r.fileCountNr(), r.dirCountR(), r.dirCountNr(), r.maxAtimeR(),
                    r.maxAtimeNr(), r.ownerUid(), r.ownerGid()));
        }
        return withPaths;
    }

    /**
     * Per-owner (uid, or gid with {@code byGroup}) totals of the files in the directories the filter
     * keeps, exact to the file: a sum over the per-owner table.
     */
    public List<OwnerRow> groupByOwner(Filter f, boolean byGroup) throws SQLException {
        Where w = where(f);
        if (w.empty()) {
            return List.of();
        }
        String key = byGroup ? "o.gid" : "o.uid";
        boolean onlyRanges = f.equals(new Filter(null, null, f.pathPrefixes(), f.excludes(), List.of(), List.of(), false,
                null, null, false, null, null, null, null, null, null, List.of(), false, false));
        // With only path prefixes and excludes, the per-owner table's key range is all it takes.
        String from = onlyRanges
                ? " FROM directory_owners o" + w.sql().replace("d.dir_id", "o.dir_id")
                : " FROM directory_owners o JOIN directories d ON d.dir_id = o.dir_id"
                        + " JOIN directory_stats s ON s.dir_id = o.dir_id" + w.sql();
        String sql = "SELECT " + key + ", SUM(o.file_count), SUM(o.total_size), SUM(o.logical_size),"
                + " COUNT(DISTINCT o.dir_id), MAX(o.max_atime)" + from + " GROUP BY " + key;
        List<OwnerRow> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, w.params()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new OwnerRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        nullable(rs, 6)));
            }
        }
        return rows;
    }

    /** A histogram: files and bytes per bucket, and per uid per bucket. */
    public record Histogram(long[] files, long[] bytes, Map<Long, long[]> userFiles, Map<Long, long[]> userBytes) {
        public static Histogram empty(int buckets) {
            return new Histogram(new long[buckets], new long[buckets], new HashMap<>(), new HashMap<>());
        }

        public void add(Histogram other) {
            for (int b = 0; b < files.length; b++) {
                files[b] += other.files[b];
                bytes[b] += other.bytes[b];
            }
            other.userFiles.forEach((uid, f) -> {
                long[] mine = userFiles.computeIfAbsent(uid, k -> new long[files.length]);
                long[] mineBytes = userBytes.computeIfAbsent(uid, k -> new long[files.length]);
                long[] theirBytes = other.userBytes.get(uid);
                for (int b = 0; b < files.length; b++) {
                    mine[b] += f[b];
                    mineBytes[b] += theirBytes[b];
                }
            });
        }
    }

    /**
     * The access-age (or, with {@code bySize}, file-size) histogram of the files in the directories
     * the filter keeps (path prefixes, excludes, depth), of the given users only when {@code uids}
     * is not empty: a sum of the per-owner histograms over the scope, exact to the file.
     */
    public Histogram histogram(Filter f, List<Long> uids, boolean bySize) throws SQLException {
        int buckets = bySize ? fsscan.scan.Buckets.SIZE_LABELS.size() : fsscan.scan.Buckets.AGE_LABELS.size();
        Histogram h = Histogram.empty(buckets);
        Filter scope = new Filter(f.minDepth(), f.maxDepth(), f.pathPrefixes(), f.excludes(), List.of(), List.of(), false,
                null, null, false, null, null, null, null, null, null, List.of(), false, false);
        Where w = where(scope);
        if (w.empty()) {
            return h;
        }
        String sql = "SELECT o.uid, o." + (bySize ? "size_histogram" : "access_histogram")
                + " FROM directory_owners o JOIN directories d ON d.dir_id = o.dir_id" + w.sql()
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
                long[] uf = h.userFiles().computeIfAbsent(uid, k -> new long[buckets]);
                long[] ub = h.userBytes().computeIfAbsent(uid, k -> new long[buckets]);
                for (int b = 0; b < buckets; b++) {
                    h.files()[b] += cellFiles[b];
                    h.bytes()[b] += cellBytes[b];
                    uf[b] += cellFiles[b];
                    ub[b] += cellBytes[b];
                }
            }
        }
        return h;
    }

    public Summary summary() throws SQLException {
        String sql = "SELECT filesystem, scan_date, directory_count, file_count, total_size, logical_size, max_depth,"
                + " owners, malformed_lines, source_files FROM scan_metadata";
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Summary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getLong(9), rs.getString(10));
        }
    }

    /** uid and gid names saved at import: kind "user" or "group". */
    public Map<Long, String> savedNames(String kind) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, name FROM owner_names WHERE kind = ?")) {
            ps.setString(1, kind);
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
        try (PreparedStatement ps = conn.prepareStatement("SELECT parent_id, name FROM directories WHERE dir_id = ?")) {
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

    /** For the other readers of this package (comparisons): the read-only connection. */
    java.sql.Connection connection() {
        return conn;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
