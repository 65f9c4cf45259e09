package fsscan.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The database file an import is about to replace, held for the whole import: where it really is
 * (a symbolic link is followed to the regular file it names), a lock that keeps a second import of
 * the same database out (released by the operating system when the process dies), what the old
 * database holds (for the cron-safe checks), and the replace itself: the staged files get the old
 * file's mode, owner and group, the rejects file goes first and the database last, each by an
 * atomic rename.
 */
public final class DatabaseTarget implements AutoCloseable {

    /** What the database being replaced holds: null fields when it is not an fsscan database. */
    public record Previous(boolean fsscan, long files, String scanDate) {
    }

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Previous previous;

    private DatabaseTarget(Path path, FileChannel lockChannel, FileLock lock, Previous previous) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.previous = previous;
    }

    /**
     * Resolves and locks {@code requested}.
     *
     * @throws TargetException with a one-line reason: not a regular file, a directory that cannot be
     *         made or written, another import holding the lock
     */
    public static DatabaseTarget open(Path requested) throws IOException {
        Path path = resolve(requested.toAbsolutePath().normalize());
        Path dir = path.getParent();
        if (dir == null) {
            throw new TargetException(path + " is a directory, not a database file");
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw new TargetException("cannot create the directory " + dir + " for the database: "
                        + e.getFile() + " is a file");
            } catch (java.nio.file.AccessDeniedException e) {
                throw new TargetException("cannot create the directory " + dir + " for the database: permission denied");
            }
        }
        if (!Files.isWritable(dir)) {
            throw new TargetException("cannot write in " + dir + " (permission denied): the new database is written"
                    + " there under a temporary name, then renamed over " + path.getFileName());
        }
        Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
        FileChannel channel;
        try {
            // Never through a link: a lock file planted as a link would be truncated by root's import.
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new TargetException("cannot open the lock file " + lockFile + ": " + reason(e)
                    + (Files.isSymbolicLink(lockFile) ? " (it is a symbolic link: remove it)" : ""));
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(lockFile);
            channel.close();
            throw new TargetException("another import is writing " + path + holder
                    + ": wait until it ends (two imports of one file system would replace each other's work)");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        try {
            return new DatabaseTarget(path, channel, lock, previous(path));
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A link to its final target; anything there must be a regular file. */
    private static Path resolve(Path requested) throws IOException {
        Path path = requested;
        if (Files.isSymbolicLink(path)) {
            try {
                path = path.toRealPath();
            } catch (NoSuchFileException e) {
                // A link to a file that does not exist yet: the import creates it where the link points.
                Path target = Files.readSymbolicLink(path);
                path = path.resolveSibling(target).normalize();
                if (Files.isSymbolicLink(path)) {
                    throw new TargetException(requested + " is a chain of symbolic links to nothing: give the database's real path");
                }
            }
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new TargetException(path + " is " + kind(path) + ", not a database file: fsscan writes only regular files");
        }
        return path;
    }

    private static String kind(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            return "a directory";
        }
        Object type = Files.getAttribute(p, "unix:mode");
        int mode = type instanceof Integer m ? m : 0;
        return switch (mode & 0170000) {
            case 0010000 -> "a named pipe (FIFO)";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "not a regular file";
        };
    }

    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (process " + pid + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Previous previous(Path path) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try (ScanReader old = ScanReader.open(path)) {
            fsscan.query.Summary s = old.summary();
            return new Previous(true, s.files(), s.scanDate());
        } catch (Exception e) {
            // Another version's database is still fsscan's (it can be replaced; its figures cannot be read).
            return new Previous(hasScanTable(path), -1, null);
        }
    }

    private static boolean hasScanTable(Path path) {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties());
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'scan_metadata'");
             java.sql.ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** The file to replace: the requested path, or the regular file its link names. */
    public Path path() {
        return path;
    }

    /** The database this import would replace, or null when there is none. */
    public Previous previous() {
        return previous;
    }

    /**
     * Puts the staged database (and rejects file, or null when this import rejected nothing) in
     * place. Everything that can fail is done before the database's rename; after it there is
     * nothing left to fail but the directory's sync, which is not an error.
     */
    public void replace(Path stagedDatabase, Path stagedRejects) throws IOException {
        Path rejects = RejectsFile.pathFor(path);
        if (Files.exists(rejects, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(rejects, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetException("cannot replace the rejects file " + rejects + ": it is " + kind(rejects)
                    + "; remove it and import again");
        }
        PosixFileAttributes old = attributes(path);
        copyAttributes(old, stagedDatabase);
        if (stagedRejects != null) {
            PosixFileAttributes oldRejects = attributes(rejects);
            copyAttributes(oldRejects != null ? oldRejects : old, stagedRejects);
            Files.move(stagedRejects, rejects, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            // An old rejects file would be read as this import's.
            Files.deleteIfExists(rejects);
        }
        Files.move(stagedDatabase, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DatabaseWriter.syncDirectory(path.getParent());
    }

    /**
     * Gives {@code staged}, a file made 0600 to be renamed over {@code replaced}, the mode, owner
     * and group of {@code replaced} if that is a regular file, else the mode the umask gives a new
     * file.
     */
    public static void giveAttributes(Path replaced, Path staged) throws IOException {
        copyAttributes(attributes(replaced), staged);
    }

    private static PosixFileAttributes attributes(Path p) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The mode, owner and group of the file being replaced, or, for a new file, what the umask
     * gives (staged files are created 0600). An owner or group this process may not give is left
     * as it is: the mode still applies, so nothing is loosened.
     */
    private static void copyAttributes(PosixFileAttributes from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        if (from == null) {
            view.setPermissions(newFilePermissions());
            return;
        }
        try {
            view.setGroup(from.group());
        } catch (IOException e) {
            // Not a member of that group: keep ours, with the old mode below.
        }
        try {
            view.setOwner(from.owner());
        } catch (IOException e) {
            // Only root may give a file away.
        }
        view.setPermissions(from.permissions());
    }

    /** rw for whom the umask allows, as a new file made by any program here would get. */
    static Set<PosixFilePermission> newFilePermissions() {
        int umask = umask();
        int mode = 0666 & ~umask;
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(bits[i]);
            }
        }
        return perms;
    }

    /** The process's umask, from Linux's /proc (022, the usual one, where it cannot be read). */
    public static int umask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or an old kernel.
        }
        return 022;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Releases the lock; the lock file stays (removing it would let a third import lock a file no one holds). */
    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }

    /** Why a database cannot be written where asked: one line for the user. */
    public static final class TargetException extends IOException {
        public TargetException(String message) {
            super(message);
        }
    }
}
