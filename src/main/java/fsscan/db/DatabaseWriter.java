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

    private final Path target;
    private final Path temp;
    private final Connection conn;
    private final Part part;
    private final BatchInserter inserter;
    private boolean finished;

    private DatabaseWriter(Path target, Path temp, Connection conn, Part part) throws SQLException {
        this.target = target;
        this.temp = temp;
        this.conn = conn;
        this.part = part;
        try (Statement st = conn.createStatement()) {
            for (String ddl : Schema.TABLES) {
                if (part == Part.MAIN || ddl.startsWith("CREATE TABLE " + part.table + " ")) {
                    st.execute(ddl);
                }
            }
        }
        inserter = new BatchInserter(conn, part.table, part.columns);
    }

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
        SQLiteConfig config = new SQLiteConfig();
        // Nothing to protect in a file that is renamed into place only once complete.
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-262144); // 256 MiB page cache keeps index builds in memory
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + temp, config.toProperties());
        } catch (SQLException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            conn.setAutoCommit(false);
            return new DatabaseWriter(target.toAbsolutePath(), temp, conn, part);
        } catch (SQLException e) {
            conn.close();
            Files.deleteIfExists(temp);
            throw e;
        }
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
    public void write(RowBatch batch) throws SQLException {
        inserter.addAll(batch.rows());
        inserter.flush();
    }

    /** A side part's end: commit and close; the file is MAIN's to copy. */
    public Path closePart() throws SQLException {
        conn.commit();
        inserter.close();
        conn.close();
        finished = true;
        return temp;
    }

    /**
     * MAIN, once its own rows are all written: commits them and builds the indexes, while the side
     * writers may still be writing theirs.
     */
    public void buildIndexes() throws SQLException {
        conn.commit();
        try (Statement st = conn.createStatement()) {
            for (String ddl : Schema.INDEXES) {
                st.execute(ddl);
            }
        }
        conn.commit();
    }

    /**
     * MAIN: copies a closed side part's table in and deletes the side file (SQLite copies the
     * records of a table between identical schemas as they are, without decoding them).
     */
    public void copyIn(Part side, Path file) throws SQLException, IOException {
        conn.commit();
        // ATTACH cannot run inside a transaction.
        conn.setAutoCommit(true);
        try (Statement st = conn.createStatement()) {
            st.execute("ATTACH DATABASE '" + file.toString().replace("'", "''") + "' AS side");
            st.execute("INSERT INTO main." + side.table + " SELECT * FROM side." + side.table);
            st.execute("DETACH DATABASE side");
        } finally {
            conn.setAutoCommit(false);
        }
        Files.deleteIfExists(file);
    }

    /**
     * MAIN's end, after {@link #buildIndexes} and every {@link #copyIn}: writes the owner names and
     * the metadata, commits and syncs the file, and hands it over: the caller checks it and renames
     * it into place ({@link DatabaseTarget#replace}), or deletes it.
     */
    public Path finish(ScanSummary s, fsscan.tree.DirectoryTable.OwnerIds owners, fsscan.query.NameService names)
            throws SQLException, IOException {
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
        conn.commit();
        inserter.close();
        conn.close();
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
        if (!finished) {
            try {
                conn.close();
            } catch (SQLException e) {
                // Closing after a failure; the file is deleted below either way.
            }
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Left for the next import's clean-up of abandoned files.
        }
    }
}
