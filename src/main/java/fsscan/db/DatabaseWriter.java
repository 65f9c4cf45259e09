package fsscan.db;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes one scan into a temporary file next to the target and renames it into place only when
 * everything is committed and on disk: a failed or interrupted import leaves the old database.
 * Not thread-safe: one owner (the DbWriter actor).
 */
public final class DatabaseWriter implements AutoCloseable {

    /**
     * Which tables a writer fills. Three writers run side by side, each the only connection to its
     * own file: MAIN writes the database itself (directories, the index, the metadata), STATS and
     * OWNERS write directory_stats and directory_owners into side files that MAIN copies in at the
     * end (SQLite copies a whole table between identical schemas record by record, without
     * re-binding). Inserting is SQLite's own work, so more writers are what shortens the tail.
     */
    public enum Part {
        MAIN("directories", RowBatch.DIRECTORY_COLUMNS),
        STATS("directory_stats", RowBatch.STATS_COLUMNS),
        OWNERS("directory_owners", RowBatch.OWNER_COLUMNS);

        /** The table this part inserts rows into (MAIN also creates the others, to copy them in). */
        public final String table;
        final int columns;

        Part(String table, int columns) {
            this.table = table;
            this.columns = columns;
        }

        /** "" for MAIN, "-stats" and "-owners" for the side parts: their files' and actors' names. */
        public String suffix() {
            return this == MAIN ? "" : "-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A side part's finished table, for MAIN to take in: the SQLite file OWNERS wrote, or the pages
     * STATS built. Opaque outside this package.
     */
    public static final class SideTable {
        final Part part;
        final Path file;
        final RowidPages pages;

        SideTable(Part part, Path file, RowidPages pages) {
            this.part = part;
            this.file = file;
            this.pages = pages;
        }

        public Part part() {
            return part;
        }
    }

    private final Path target;
    private final Path temp;
    private final Part part;
    // OWNERS: the connection to its side file, open throughout. MAIN: open while SQLite works on
    // the file (schema, index, copies, metadata), closed while pages are appended to it.
    private Connection conn;
    private final BatchInserter inserter;
    // MAIN (directories) and STATS (directory_stats): the table built as pages; MAIN's root pages
    // of both, from the schema it made.
    private final RowidPages pages;
    private final java.util.Map<String, Integer> roots = new java.util.HashMap<>();
    private boolean finished;

    private DatabaseWriter(Path target, Path temp, Connection conn, Part part, RowidPages pages) throws SQLException {
        this.target = target;
        this.temp = temp;
        this.conn = conn;
        this.part = part;
        this.pages = pages;
        if (conn == null) {
            inserter = null;
            return;
        }
        try (Statement st = conn.createStatement()) {
            for (String ddl : Schema.TABLES) {
                if (part == Part.MAIN || ddl.startsWith("CREATE TABLE " + part.table + " ")) {
                    st.execute(ddl);
                }
            }
        }
        conn.commit();
        if (part == Part.MAIN) {
            try (Statement st = conn.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT name, rootpage FROM sqlite_schema WHERE type = 'table'")) {
                while (rs.next()) {
                    roots.put(rs.getString(1), rs.getInt(2));
                }
            }
            inserter = null;
        } else {
            inserter = new BatchInserter(conn, part.table, part.columns);
        }
    }

    /** The page size of fsscan's databases (SQLite's default), which pages built here use. */
    static final int PAGE_SIZE = 4096;

    /**
     * Loads SQLite's native library now, so that a temporary directory that is full or not
     * writable (sqlite-jdbc unpacks the library there) is one clear error before any work.
     */
    public static void loadNativeLibrary() throws IOException {
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception | LinkageError e) {
            throw new IOException("cannot load SQLite's native library, which sqlite-jdbc unpacks into "
                    + System.getProperty("java.io.tmpdir") + ": is it there, writable, not full? (another directory:"
                    + " FSSCAN_JAVA_OPTS=-Djava.io.tmpdir=DIR)", e);
        }
    }

    /**
     * Creates the temporary file of an import in progress, {@code <db>.tmp-<pid>-<random><suffix>}:
     * created exclusively (never an existing file, never through a link someone planted) and 0600
     * until the replace gives it its final mode. The pid tells a later import whether it is abandoned.
     */
    public static Path createTemp(Path target, String suffix) throws IOException {
        return Files.createTempFile(target.getParent(), target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-",
                suffix);
    }

    /**
     * Opens a new temporary database next to {@code target} (whose directory exists: see
     * {@link DatabaseTarget}), removing ones left by killed imports.
     */
    public static DatabaseWriter create(Path target, Part part) throws SQLException, IOException {
        if (part == Part.MAIN) {
            removeAbandoned(target.toAbsolutePath());
        }
        Path temp = createTemp(target.toAbsolutePath(), part.suffix());
        if (part == Part.STATS) {
            try {
                return new DatabaseWriter(target.toAbsolutePath(), temp, null, part, new RowidPages(temp, PAGE_SIZE));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        }
        Path dirPages = null;
        Connection conn = null;
        try {
            conn = open(temp);
            conn.setAutoCommit(false);
            RowidPages p = null;
            if (part == Part.MAIN) {
                dirPages = createTemp(target.toAbsolutePath(), "-dirs");
                p = new RowidPages(dirPages, PAGE_SIZE);
            }
            DatabaseWriter w = new DatabaseWriter(target.toAbsolutePath(), temp, conn, part, p);
            if (part == Part.MAIN) {
                // Nothing but pages until the directories are in.
                w.closeSql();
            }
            return w;
        } catch (SQLException | IOException | RuntimeException e) {
            if (conn != null) {
                conn.close();
            }
            Files.deleteIfExists(temp);
            if (dirPages != null) {
                Files.deleteIfExists(dirPages);
            }
            throw e;
        }
    }

    private static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Nothing to protect in a file that is renamed into place only once complete.
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-262144); // 256 MiB page cache keeps index builds in memory
        config.setPageSize(PAGE_SIZE);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    /** MAIN's connection, opened again if pages were appended since. */
    private Connection sql() throws SQLException {
        if (conn == null) {
            conn = open(temp);
            conn.setAutoCommit(false);
        }
        return conn;
    }

    private void closeSql() throws SQLException {
        if (conn != null) {
            conn.commit();
            conn.close();
            conn = null;
        }
    }

    /** MAIN: appends a table built as pages under its root (SQLite must not have the file open meanwhile). */
    private void append(RowidPages table, String name) throws SQLException, IOException {
        closeSql();
        table.appendTo(temp, roots.get(name));
        Files.deleteIfExists(table.file());
    }

    /** Deletes {@code <db>.tmp-<pid>} files (and their rejects) whose process is gone. */
    public static int removeAbandoned(Path target) throws IOException {
        Path dir = target.getParent();
        String prefix = target.getFileName() + ".tmp-";
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, target.getFileName() + "*.tmp-*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int at = name.lastIndexOf(".tmp-");
                if (!name.startsWith(target.getFileName().toString()) || at < 0) {
                    continue;
                }
                // <db>.tmp-<pid>, <db>.tmp-<pid>-stats, <db>.rejects.tmp-<pid>
                int end = at + 5;
                while (end < name.length() && Character.isDigit(name.charAt(end))) {
                    end++;
                }
                if (end == at + 5) {
                    continue;
                }
                long pid = Long.parseLong(name.substring(at + 5, end));
                // Never this process's own files (the other writer's side file is one), nor a live import's.
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (name.startsWith(prefix) || name.startsWith(target.getFileName() + ".rejects.tmp-")) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }

    public Path tempPath() {
        return temp;
    }

    /** Inserts this part's rows of one batch, in id order after the previous batch. */
    public void write(RowBatch batch) throws SQLException, IOException {
        if (pages != null) {
            pages.addAll(batch.rows(), part.columns);
            return;
        }
        inserter.addAll(batch.rows());
        inserter.flush();
    }

    /** A side part's end: its table complete, for MAIN to take in with {@link #copyIn}. */
    public SideTable closePart() throws SQLException, IOException {
        finished = true;
        if (pages != null) {
            pages.close();
            return new SideTable(part, temp, pages);
        }
        conn.commit();
        inserter.close();
        conn.close();
        return new SideTable(part, temp, null);
    }

    /**
     * MAIN, once its own rows are all written: puts the directories into the file and builds the
     * indexes, while the side writers may still be writing theirs.
     */
    public void buildIndexes() throws SQLException, IOException {
        append(pages, part.table);
        try (Statement st = sql().createStatement()) {
            for (String ddl : Schema.INDEXES) {
                st.execute(ddl);
            }
        }
        conn.commit();
    }

    /**
     * MAIN: takes a closed side part's table in and deletes its file: pages are appended; a SQLite
     * file's table is copied (SQLite copies the records of a table between identical schemas as
     * they are, without decoding them).
     */
    public void copyIn(SideTable side) throws SQLException, IOException {
        if (side.pages != null) {
            append(side.pages, side.part.table);
            return;
        }
        Connection c = sql();
        c.commit();
        // ATTACH cannot run inside a transaction.
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("ATTACH DATABASE '" + side.file.toString().replace("'", "''") + "' AS side");
            st.execute("INSERT INTO main." + side.part.table + " SELECT * FROM side." + side.part.table);
            st.execute("DETACH DATABASE side");
        } finally {
            c.setAutoCommit(false);
        }
        Files.deleteIfExists(side.file);
    }

    /**
     * MAIN's end, after {@link #buildIndexes} and every {@link #copyIn}: writes the owner names and
     * the metadata, commits and syncs the file, and hands it over: the caller checks it and renames
     * it into place ({@link DatabaseTarget#replace}), or deletes it.
     */
    public Path finish(ScanSummary s, fsscan.tree.DirectoryTable.OwnerIds owners, fsscan.query.NameService names)
            throws SQLException, IOException {
        sql();
        saveOwnerNames("user", owners.namedUids(), names);
        saveOwnerNames("group", owners.namedGids(), names);
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO scan_metadata VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            ps.setInt(i++, Schema.VERSION);
            ps.setString(i++, s.sourceFiles());
            ps.setString(i++, s.filesystem());
            ps.setString(i++, s.scanDate());
            ps.setString(i++, s.scanDateSource());
            ps.setString(i++, s.importTime());
            ps.setDouble(i++, s.importSeconds());
            ps.setInt(i++, s.workers());
            ps.setLong(i++, s.totalLines());
            ps.setLong(i++, s.headerLines());
            ps.setLong(i++, s.malformedLines());
            ps.setLong(i++, s.fileCount());
            ps.setLong(i++, s.directoryLines());
            ps.setLong(i++, s.directories());
            ps.setLong(i++, s.impliedDirectories());
            ps.setLong(i++, s.totalSize());
            ps.setLong(i++, s.logicalSize());
            ps.setInt(i++, s.maxDepth());
            ps.setLong(i++, s.ownerRows());
            ps.setLong(i++, owners.distinctUids());
            ps.setString(i++, s.rejectsFile());
            ps.setString(i++, Version.get());
            ps.executeUpdate();
        }
        closeSql();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        finished = true;
        return temp;
    }

    /** The names of the uids (gids) seen, as the name service knows them now: queries elsewhere show them. */
    private void saveOwnerNames(String kind, long[] seen, fsscan.query.NameService service) throws SQLException {
        java.util.List<Long> ids = new java.util.ArrayList<>(seen.length);
        for (long id : seen) {
            ids.add(id);
        }
        java.util.Map<Long, String> known = service.names(ids, kind.equals("group"));
        try (PreparedStatement insert = conn.prepareStatement("INSERT INTO owner_names VALUES (?, ?, ?)")) {
            for (long id : ids) {
                String name = known.get(id);
                if (name != null) {
                    insert.setString(1, kind);
                    insert.setLong(2, id);
                    insert.setString(3, name);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself is still atomic.
        }
    }

    /**
     * Abandons an unfinished import: closes the connection and deletes the temporary file. A side
     * part's file goes too, handed over or not: by the time its writer stops, MAIN has copied it
     * or failed.
     */
    @Override
    public void close() {
        if (finished && part == Part.MAIN) {
            return;
        }
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException e) {
                // Closing after a failure; the file is deleted below either way.
            }
        }
        try {
            if (pages != null) {
                pages.close();
                Files.deleteIfExists(pages.file());
            }
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Left for the next import's clean-up of abandoned files.
        }
    }
}
