package fsscan.pg;

import fsscan.db.PageReader;
import fsscan.query.QueryException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads one SQLite scan into PostgreSQL as a new schema and makes it the live one of its file
 * system in one transaction. Until then readers see the previous scan; a publish that fails or is
 * killed leaves a schema that is not live, which the next publish of that file system removes.
 * Only schemas fsscan made (named in their comment) are ever touched.
 */
public final class Publisher {

    /** Tables in load order, with the key they are read in (SQLite) and keyed by (PostgreSQL). */
    private static final String[][] TABLES = {
        {"scan_metadata", null},
        {"owner_names", "kind, id"},
        {"directories", "dir_id"},
        {"directory_stats", "dir_id"},
        {"directory_owners", "dir_id, uid, gid"},
    };

    /** What a publish did: rows per table, bytes sent, seconds. */
    public record Result(String filesystem, String schema, long directories, long rows, long bytes, double seconds) {
    }

    private final PgUrl url;
    private final String readOnlyRole;
    private final Consumer<String> progress;

    public Publisher(PgUrl url, String readOnlyRole, Consumer<String> progress) {
        this.url = url;
        this.readOnlyRole = readOnlyRole;
        this.progress = progress;
    }

    public Result publish(Path sqlite) throws IOException {
        long start = System.nanoTime();
        long[] totals;
        try (Connection src = openSqlite(sqlite); Connection pg = url.connect()) {
            pg.setAutoCommit(true);
            String fs = filesystemOf(src, sqlite);
            String scanDate = scanDateOf(src);
            lockPublish(pg, fs);
            ensureCatalog(pg);
            dropLeftovers(pg, fs);
            String schema = "fsscan_" + fs.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                    + System.currentTimeMillis();
            try (Statement st = pg.createStatement()) {
                st.execute("CREATE SCHEMA " + PgDialect.quote(schema));
                st.execute("COMMENT ON SCHEMA " + PgDialect.quote(schema) + " IS " + literal(marker(fs)));
            }
            TestHooks.hold("created");
            // Each table on its own connections, side by side: COPY and the index builds are the
            // server's work, one backend process per connection.
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(TABLES.length);
            List<java.util.concurrent.Future<long[]>> loads = new ArrayList<>();
            try {
                for (String[] t : TABLES) {
                    loads.add(pool.submit(() -> load(sqlite, schema, t[0], t[1])));
                }
                long rows = 0;
                long bytes = 0;
                long directories = 0;
                for (int i = 0; i < TABLES.length; i++) {
                    long[] copied = await(loads.get(i));
                    rows += copied[0];
                    bytes += copied[1];
                    if (TABLES[i][0].equals("directories")) {
                        directories = copied[0];
                    }
                    progress.accept(String.format(Locale.ROOT, "  %-17s %,d rows, loaded and indexed in %.2f s", TABLES[i][0],
                            copied[0], copied[2] / 1e9));
                }
                totals = new long[] {rows, bytes, directories};
            } finally {
                pool.shutdownNow();
            }
            grant(pg, schema);
            TestHooks.hold("copied");
            String old = swap(pg, fs, schema, scanDate, sqlite);
            TestHooks.hold("swapped");
            if (old != null) {
                dropUnderReadLock(pg, fs, List.of(old));
            }
            return new Result(fs, schema, totals[2], totals[0], totals[1], (System.nanoTime() - start) / 1e9);
        } catch (SQLException e) {
            throw new QueryException(PgErrors.describe(url, e));
        }
    }

    private static Connection openSqlite(Path file) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    private static String filesystemOf(Connection src, Path file) throws SQLException {
        try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery("SELECT filesystem FROM scan_metadata")) {
            if (!rs.next()) {
                throw new QueryException(file + " has no scan in it");
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw new QueryException(file + " is not an fsscan database: " + e.getMessage());
        }
    }

    private static String scanDateOf(Connection src) throws SQLException {
        try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery("SELECT scan_date FROM scan_metadata")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String marker(String fs) {
        return "fsscan scan of " + fs;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * One publish of a file system at a time: a session lock, released when this connection ends
     * however it ends. A publish that has just ended may still hold it for a moment (its server
     * process ends after its connection has closed: one publish right after another, as a script
     * runs them, met it), so this one waits a few seconds for it before it gives up.
     */
    private void lockPublish(Connection pg, String fs) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute("SET lock_timeout = '" + PUBLISH_LOCK_WAIT_SECONDS + "s'");
        }
        try (PreparedStatement ps = pg.prepareStatement("SELECT pg_advisory_lock(hashtextextended('fsscan publish ' || ?, 0))")) {
            ps.setString(1, fs);
            ps.executeQuery().close();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) { // lock_not_available: the wait ran out
                throw new QueryException("another publish of " + fs + " to " + url.describe() + " is running: wait until it ends");
            }
            throw e; // as it is: a failure here ends the publish and its connection
        }
        try (Statement st = pg.createStatement()) {
            st.execute("RESET lock_timeout");
        }
    }

    /** Seconds a publish waits for another one of the same file system to let go of its lock. */
    static final int PUBLISH_LOCK_WAIT_SECONDS = 10;

    /** The catalog schema and its table; a schema of that name that fsscan did not make is an error. */
    private void ensureCatalog(Connection pg) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement(
                "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, PgScans.CATALOG);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (!"fsscan catalog".equals(rs.getString(1))) {
                        throw new QueryException("the schema " + PgScans.CATALOG + " in " + url.describe()
                                + " was not created by fsscan: fsscan leaves it alone (use another database)");
                    }
                    return;
                }
            }
        }
        try (Statement st = pg.createStatement()) {
            st.execute("CREATE SCHEMA fsscan");
            st.execute("COMMENT ON SCHEMA fsscan IS 'fsscan catalog'");
            st.execute("CREATE TABLE fsscan.live (fs text PRIMARY KEY, schema_name text NOT NULL, scan_date text,"
                    + " source text NOT NULL, published_at timestamptz NOT NULL DEFAULT now())");
        }
    }

    /** Schemas of this file system that are not live: a publish that failed or was killed. */
    private void dropLeftovers(Connection pg, String fs) throws SQLException {
        List<String> leftovers = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT n.nspname FROM pg_namespace n"
                + " WHERE obj_description(n.oid, 'pg_namespace') = ?"
                + " AND n.nspname NOT IN (SELECT schema_name FROM fsscan.live)")) {
            ps.setString(1, marker(fs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leftovers.add(rs.getString(1));
                }
            }
        }
        if (!leftovers.isEmpty()) {
            progress.accept("  removing what an earlier publish left: " + String.join(", ", leftovers));
            dropUnderReadLock(pg, fs, leftovers);
        }
    }

    /** Drops schemas once no reader of {@code fs} is inside a question (a reader may still use the old live one). */
    private static void dropUnderReadLock(Connection pg, String fs, List<String> schemas) throws SQLException {
        pg.setAutoCommit(false);
        try (PreparedStatement lock = pg.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtextextended('fsscan read ' || ?, 0))"); Statement st = pg.createStatement()) {
            lock.setString(1, fs);
            lock.execute();
            for (String s : schemas) {
                st.execute("DROP SCHEMA IF EXISTS " + PgDialect.quote(s) + " CASCADE");
            }
            pg.commit();
        } catch (SQLException e) {
            pg.rollback();
            throw e;
        } finally {
            pg.setAutoCommit(true);
        }
    }

    /** A SQLite table's columns as declared: names, upper-case types, NOT NULL (or key), key position (0: none). */
    record Columns(List<String> names, List<String> types, List<Boolean> notNull, List<Integer> pk) {
        static Columns of(Connection src, String table) throws SQLException {
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            List<Boolean> notNull = new ArrayList<>();
            List<Integer> pk = new ArrayList<>();
            try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
                while (rs.next()) {
                    names.add(rs.getString("name"));
                    types.add(rs.getString("type").toUpperCase(Locale.ROOT));
                    notNull.add(rs.getInt("notnull") == 1 || rs.getInt("pk") > 0);
                    pk.add(rs.getInt("pk"));
                }
            }
            return new Columns(names, types, notNull, pk);
        }

        int size() {
            return names.size();
        }

        /** {@link RecordCopy#INTEGER}, {@link RecordCopy#REAL}, {@link RecordCopy#BLOB}, else {@link RecordCopy#TEXT} (SQLite holds it as UTF-8). */
        int kind(int i) {
            return switch (types.get(i)) {
                case "INTEGER" -> RecordCopy.INTEGER;
                case "REAL" -> RecordCopy.REAL;
                case "BLOB" -> RecordCopy.BLOB;
                default -> RecordCopy.TEXT;
            };
        }
    }

    /**
     * Creates the table in PostgreSQL's types and streams the SQLite rows into it with binary COPY,
     * in the transaction that created it (so COPY may write the rows frozen: no hint bits to set and
     * no freezing vacuum later). The rows are read from the file's pages where it can be
     * ({@link PageReader}), else through SQLite: a table the page reader turns down part way is
     * loaded again through SQLite by {@link #load}. Returns {rows, bytes}.
     */
    private long[] copy(Connection src, Connection pg, Path sqlite, String schema, String table, String key, boolean pages)
            throws SQLException, IOException, PageReader.Unreadable {
        Columns cols = Columns.of(src, table);
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + PgDialect.quote(schema) + "." + table + " (");
        for (int i = 0; i < cols.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append(cols.names().get(i)).append(' ').append(switch (cols.types().get(i)) {
                case "INTEGER" -> "bigint";
                case "REAL" -> "double precision";
                case "BLOB" -> "bytea";
                // Byte order, as SQLite compares text: the same ORDER BY answers on any server
                // locale, and the index on names is sorted by memcmp instead of strcoll.
                default -> "text COLLATE \"C\"";
            });
            if (cols.notNull().get(i)) {
                ddl.append(" NOT NULL");
            }
        }
        try (Statement st = pg.createStatement()) {
            st.execute(ddl.append(')').toString());
        }
        CountingStream counted;
        String copySql = "COPY " + PgDialect.quote(schema) + "." + table + " FROM STDIN (FORMAT binary, FREEZE)";
        long rows;
        try (BinaryCopy out = new BinaryCopy(counted = new CountingStream(
                new PGCopyOutputStream(pg.unwrap(PGConnection.class), copySql, 1 << 16)))) {
            rows = pages ? streamPages(src, sqlite, table, cols, out) : streamSql(src, table, key, cols, out);
        }
        return new long[] {rows, counted.count};
    }

    /** The rows in key order through SQLite, as COPY rows. */
    static long streamSql(Connection src, String table, String key, Columns cols, BinaryCopy out) throws SQLException, IOException {
        // The columns that may be NULL, as bits of one more column read first: one call a row
        // instead of a wasNull() (a call into SQLite) after each such value.
        StringBuilder nullBits = new StringBuilder();
        int nullable = 0;
        for (int i = 0; i < cols.size(); i++) {
            if (!cols.notNull().get(i)) {
                nullBits.append(nullable == 0 ? "" : " | ").append("((").append(cols.names().get(i)).append(" IS NULL) << ")
                        .append(nullable).append(')');
                nullable++;
            }
        }
        if (nullable > 62) {
            throw new IllegalStateException(table + " has more nullable columns than one integer holds");
        }
        String select = "SELECT " + (nullable == 0 ? "0" : nullBits) + ", " + String.join(", ", cols.names()) + " FROM " + table
                + (key == null ? "" : " ORDER BY " + key);
        long rows = 0;
        int n = cols.size();
        try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery(select)) {
            while (rs.next()) {
                long nulls = rs.getLong(1);
                out.row(n);
                int bit = 0;
                for (int i = 0; i < n; i++) {
                    if (!cols.notNull().get(i) && (nulls >>> bit++ & 1) != 0) {
                        out.nullValue();
                        continue;
                    }
                    switch (cols.kind(i)) {
                        case RecordCopy.INTEGER -> out.int8(rs.getLong(i + 2));
                        case RecordCopy.REAL -> out.float8(rs.getDouble(i + 2));
                        default -> out.bytea(rs.getBytes(i + 2));
                    }
                }
                rows++;
            }
        }
        return rows;
    }

    /**
     * The rows in key order read from the file's b-tree pages, as COPY rows: the same bytes as
     * {@link #streamSql} gives (tested), without a call into SQLite per value. A value stored in
     * another type than its column declares, a record shorter than the table (a column added
     * later, with a default), or anything else this reader does not expect is {@link PageReader.Unreadable}.
     */
    static long streamPages(Connection src, Path sqlite, String table, Columns cols, BinaryCopy out)
            throws SQLException, IOException, PageReader.Unreadable {
        int root;
        boolean withoutRowid;
        try (PreparedStatement ps = src.prepareStatement("SELECT rootpage, sql FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PageReader.Unreadable("no table " + table);
                }
                root = rs.getInt(1);
                withoutRowid = rs.getString(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains("WITHOUT ROWID");
            }
        }
        int n = cols.size();
        // Where each declared column is in the record: a WITHOUT ROWID table's key columns come
        // first, in key order; a rowid table's INTEGER PRIMARY KEY is the rowid (NULL in the record).
        int[] at = new int[n];
        int rowidColumn = -1;
        long keys = cols.pk().stream().filter(k -> k > 0).count();
        if (withoutRowid) {
            int next = (int) keys;
            for (int i = 0; i < n; i++) {
                at[i] = cols.pk().get(i) > 0 ? cols.pk().get(i) - 1 : next++;
            }
        } else {
            for (int i = 0; i < n; i++) {
                at[i] = i;
                if (keys == 1 && cols.pk().get(i) == 1 && cols.types().get(i).equals("INTEGER")) {
                    rowidColumn = i;
                }
            }
        }
        // What each column is, looked up once instead of per value.
        int[] kind = new int[n];
        boolean[] notNull = new boolean[n];
        String[] what = new String[n];
        for (int i = 0; i < n; i++) {
            kind[i] = i == rowidColumn ? RecordCopy.ROWID : cols.kind(i);
            notNull[i] = cols.notNull().get(i);
            what[i] = table + "." + cols.names().get(i);
        }
        RecordCopy records = new RecordCopy(out, kind, notNull, what, at);
        try (PageReader pages = PageReader.open(sqlite)) {
            pages.scan(root, records);
        }
        return records.rows();
    }

    /** Keys and indexes of each table, built after its load (one sort each, of rows already in key order). */
    private static final Map<String, List<String>> KEYS = Map.of(
            "directories", List.of("ALTER TABLE %s.directories ADD PRIMARY KEY (dir_id)",
                    "CREATE UNIQUE INDEX ON %s.directories (parent_id, name)"),
            "directory_stats", List.of("ALTER TABLE %s.directory_stats ADD PRIMARY KEY (dir_id)"),
            "directory_owners", List.of("ALTER TABLE %s.directory_owners ADD PRIMARY KEY (dir_id, uid, gid)"),
            "owner_names", List.of("ALTER TABLE %s.owner_names ADD PRIMARY KEY (kind, id)"),
            "scan_metadata", List.of());

    /**
     * Loads one table on connections of its own, in one transaction: table, COPY, keys, statistics.
     * Its commit need not wait for the disk: until the swap nothing refers to this schema, and the
     * swap's own commit waits for everything written before it. Returns {rows, bytes, nanoseconds}.
     */
    private long[] load(Path sqlite, String schema, String table, String key) throws Exception {
        long t0 = System.nanoTime();
        try (Connection src = openSqlite(sqlite); Connection pg = url.connect(); Statement st = pg.createStatement()) {
            st.execute("SET synchronous_commit = off");
            // Each key is one sort of the whole table: in memory, not in temporary files.
            st.execute("SET maintenance_work_mem = '512MB'");
            st.execute("SET max_parallel_maintenance_workers = 0");
            pg.setAutoCommit(false);
            long[] copied;
            try {
                copied = copy(src, pg, sqlite, schema, table, key, true);
            } catch (PageReader.Unreadable e) {
                // Read through SQLite instead, from the start: the partial table goes with the rollback.
                pg.rollback();
                progress.accept("  " + table + ": read through SQLite (" + e.getMessage() + ")");
                try {
                    copied = copy(src, pg, sqlite, schema, table, key, false);
                } catch (PageReader.Unreadable impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
            for (String ddl : KEYS.get(table)) {
                st.execute(String.format(Locale.ROOT, ddl, PgDialect.quote(schema)));
            }
            String name = PgDialect.quote(schema) + "." + table;
            if (pg.getMetaData().getDatabaseMajorVersion() >= 15) {
                // Statistics after the commit, once the load's row counts are in the server's own
                // (forced out of this session at once): autovacuum then sees a table analyzed and
                // vacuumed since its rows came, and does not read and analyze it all again a minute
                // later, as it does after an ANALYZE inside the loading transaction (whose rows are
                // counted as changes at its commit). The VACUUM only notes that: every page is frozen.
                pg.commit();
                pg.setAutoCommit(true);
                st.execute("SELECT pg_stat_force_next_flush()");
                st.execute("VACUUM (ANALYZE) " + name);
            } else {
                st.execute("ANALYZE " + name);
                pg.commit();
            }
            return new long[] {copied[0], copied[1], System.nanoTime() - t0};
        }
    }

    private static long[] await(java.util.concurrent.Future<long[]> load) throws SQLException, IOException {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException se) {
                throw se;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    /** The read-only role may read the catalog and this scan, and nothing else. */
    private void grant(Connection pg, String schema) throws SQLException {
        if (readOnlyRole == null) {
            return;
        }
        String role = PgDialect.quote(readOnlyRole);
        try (Statement st = pg.createStatement()) {
            st.execute("GRANT USAGE ON SCHEMA fsscan TO " + role);
            st.execute("GRANT SELECT ON fsscan.live TO " + role);
            st.execute("GRANT USAGE ON SCHEMA " + PgDialect.quote(schema) + " TO " + role);
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + PgDialect.quote(schema) + " TO " + role);
        }
    }

    /** Makes {@code schema} the live scan of {@code fs} in one transaction; returns the one it replaces (or null). */
    private static String swap(Connection pg, String fs, String schema, String scanDate, Path source) throws SQLException {
        pg.setAutoCommit(false);
        try {
            String old = null;
            try (PreparedStatement ps = pg.prepareStatement("SELECT schema_name FROM fsscan.live WHERE fs = ? FOR UPDATE")) {
                ps.setString(1, fs);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        old = rs.getString(1);
                    }
                }
            }
            try (PreparedStatement ps = pg.prepareStatement("INSERT INTO fsscan.live (fs, schema_name, scan_date, source)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (fs) DO UPDATE SET schema_name = EXCLUDED.schema_name,"
                    + " scan_date = EXCLUDED.scan_date, source = EXCLUDED.source, published_at = now()")) {
                ps.setString(1, fs);
                ps.setString(2, schema);
                ps.setString(3, scanDate);
                ps.setString(4, source.toString());
                ps.executeUpdate();
            }
            pg.commit();
            return old;
        } catch (SQLException e) {
            pg.rollback();
            throw e;
        } finally {
            pg.setAutoCommit(true);
        }
    }

    /** Counts the bytes sent to the server. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
