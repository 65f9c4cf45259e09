package fsscan.db;

import fsscan.tree.DirectoryTable;
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
     * Which table a writer fills. Three writers run side by side, each building its table as
     * SQLite's b-tree pages in a file of its own: MAIN the directories (and, once they are all in,
     * the index on them), STATS directory_stats, OWNERS directory_owners. MAIN owns the database:
     * SQLite makes its schema, MAIN appends every table's pages under their roots, and SQLite fills
     * the two small tables at the end.
     */
    public enum Part {
        MAIN("directories", RowBatch.DIRECTORY_COLUMNS),
        STATS("directory_stats", RowBatch.STATS_COLUMNS),
        OWNERS("directory_owners", RowBatch.OWNER_COLUMNS);

        /** The table this part fills (MAIN also has SQLite create the others, empty, for their pages). */
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

    /** A side part's finished table as pages, for MAIN to take in. Opaque outside this package. */
    public static final class SideTable {
        final Part part;
        final BtreePages pages;

        SideTable(Part part, BtreePages pages) {
            this.part = part;
            this.pages = pages;
        }

        public Part part() {
            return part;
        }
    }

    private final Path target;
    private final Path temp;
    private final Part part;
    // Each part's table built as SQLite's pages, in a file of its own (the side parts: their
    // temporary file; MAIN: one beside its database). MAIN appends them all under the roots
    // SQLite gave the empty tables, and uses SQLite itself only for the schema and the small tables.
    private final BtreePages pages;
    // MAIN: open only while SQLite works on the file, closed while pages are appended to it.
    private Connection conn;
    private final java.util.Map<String, Integer> roots = new java.util.HashMap<>();
    private final BtreePages.Record record = new BtreePages.Record();
    private boolean finished;

    private DatabaseWriter(Path target, Path temp, Part part, BtreePages pages) {
        this.target = target;
        this.temp = temp;
        this.part = part;
        this.pages = pages;
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
        Path absolute = target.toAbsolutePath();
        if (part == Part.MAIN) {
            removeAbandoned(absolute);
        }
        Path temp = createTemp(absolute, part.suffix());
        Path pageFile = part == Part.MAIN ? null : temp;
        DatabaseWriter w = null;
        try {
            if (part == Part.MAIN) {
                pageFile = createTemp(absolute, "-dirs");
            }
            BtreePages pages = part == Part.OWNERS ? new IndexPages(pageFile, PAGE_SIZE) : new RowidPages(pageFile, PAGE_SIZE);
            w = new DatabaseWriter(absolute, temp, part, pages);
            if (part == Part.MAIN) {
                w.createSchema();
            }
            return w;
        } catch (SQLException | IOException | RuntimeException e) {
            if (w != null) {
                w.close();
            } else {
                Files.deleteIfExists(temp);
                if (pageFile != null) {
                    Files.deleteIfExists(pageFile);
                }
            }
            throw e;
        }
    }

    /** MAIN: every table and index, empty, and where SQLite put their roots. */
    private void createSchema() throws SQLException {
        try (Statement st = sql().createStatement()) {
            for (String ddl : Schema.TABLES) {
                st.execute(ddl);
            }
            for (String ddl : Schema.INDEXES) {
                st.execute(ddl);
            }
            try (java.sql.ResultSet rs = st.executeQuery("SELECT name, rootpage FROM sqlite_schema")) {
                while (rs.next()) {
                    roots.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        closeSql();
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
                // Never this process's own files (the other writers' page files are), nor a live import's.
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

    /** MAIN: appends a table or index built as pages under its root (SQLite must not have the file open meanwhile). */
    private void append(BtreePages tree, String name) throws SQLException, IOException {
        closeSql();
        tree.appendTo(temp, roots.get(name));
        Files.deleteIfExists(tree.file());
    }

    /**
     * Stores this part's rows of directories {@code fromId..toId-1}, in id order after the
     * previous ones, read from the finished table. Returns the bytes of histograms among them.
     */
    public long write(DirectoryTable table, int fromId, int toId) throws IOException {
        switch (part) {
            case MAIN -> RowBatch.directories(table, fromId, toId, (RowidPages) pages, record);
            case STATS -> RowBatch.stats(table, fromId, toId, (RowidPages) pages, record);
            default -> {
                return RowBatch.owners(table, fromId, toId, (IndexPages) pages, record);
            }
        }
        return 0;
    }

    /** A side part's end: its table complete, for MAIN to take in with {@link #appendSide}. */
    public SideTable closePart() throws IOException {
        finished = true;
        pages.close();
        return new SideTable(part, pages);
    }

    /**
     * MAIN, once its own rows are all written: puts the directories into the file and builds the
     * index on (parent_id, name) from the table in memory, while the side writers may still be
     * writing theirs.
     */
    public void buildIndexes(DirectoryTable table) throws SQLException, IOException {
        append(pages, part.table);
        Path file = createTemp(target, "-index");
        try {
            IndexPages index = new IndexPages(file, PAGE_SIZE);
            addNameIndex(table, index);
            append(index, "idx_directories_parent_name");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The entries of {@code idx_directories_parent_name}, (parent_id, name, dir_id) in SQLite's
     * order: roots (parent NULL) first, then by parent, siblings by the bytes of their names
     * (BINARY collation). Siblings already come in that order by id (they were numbered so) but
     * where a name's stored text differs from its bytes in the scan (an escaped byte), which this
     * checks and mends for that parent's children.
     */
    private void addNameIndex(DirectoryTable t, IndexPages index) throws IOException {
        if (Schema.INDEXES.length != 1) {
            throw new IllegalStateException("the index built from pages is idx_directories_parent_name alone");
        }
        int n = t.size();
        int[] start = new int[n + 2];
        for (int id = 1; id <= n; id++) {
            start[t.parentId(id) + 1]++;
        }
        for (int p = 0; p <= n; p++) {
            start[p + 1] += start[p];
        }
        int[] byParent = new int[n];
        int[] fill = start.clone();
        for (int id = 1; id <= n; id++) {
            byParent[fill[t.parentId(id)]++] = id;
        }
        for (int p = 0; p <= n; p++) {
            int from = start[p];
            int to = start[p + 1];
            if (from == to) {
                continue;
            }
            byte[][] names = new byte[to - from][];
            boolean sorted = true;
            for (int i = 0; i < names.length; i++) {
                names[i] = t.nameUtf8(byParent[from + i]);
                if (i > 0 && java.util.Arrays.compareUnsigned(names[i - 1], names[i]) >= 0) {
                    sorted = false;
                }
            }
            int[] order = new int[names.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (!sorted) {
                Integer[] boxed = new Integer[names.length];
                for (int i = 0; i < boxed.length; i++) {
                    boxed[i] = i;
                }
                java.util.Arrays.sort(boxed, (x, y) -> java.util.Arrays.compareUnsigned(names[x], names[y]));
                for (int i = 0; i < boxed.length; i++) {
                    order[i] = boxed[i];
                    if (i > 0 && java.util.Arrays.equals(names[order[i - 1]], names[order[i]])) {
                        // The unique index SQLite would refuse: the tree keeps siblings' names apart.
                        throw new IllegalStateException("two directories named " + t.name(byParent[from + order[i]])
                                + " under directory " + p);
                    }
                }
            }
            for (int i : order) {
                record.reset();
                if (p == 0) {
                    record.nullValue();
                } else {
                    record.integer(p);
                }
                record.text(names[i]);
                record.integer(byParent[from + i]);
                index.add(record);
            }
        }
        index.close();
    }

    /** MAIN: takes a closed side part's table in (its pages appended) and deletes its file. */
    public void appendSide(SideTable side) throws SQLException, IOException {
        append(side.pages, side.part.table);
    }

    /**
     * MAIN's end, after {@link #buildIndexes} and every {@link #appendSide}: writes the owner names and
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
            pages.close();
            Files.deleteIfExists(pages.file());
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Left for the next import's clean-up of abandoned files.
        }
    }
}
