package fsscan.db;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.SQLException;

/** SQLite's errors as a person reads them: what is wrong with which database, and what to do. */
public final class SqliteErrors {

    private SqliteErrors() {
    }

    /** One line for {@code e}, about {@code file} (null when not known). */
    public static String describe(Path file, SQLException e) {
        String which = file == null ? "a database" : file.toString();
        SQLiteErrorCode code = e instanceof SQLiteException se ? se.getResultCode() : null;
        if (code != null) {
            String name = code.name();
            if (name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_PERM") || name.startsWith("SQLITE_AUTH")) {
                return "cannot open " + which + ": permission denied, or it is gone";
            }
            if (name.startsWith("SQLITE_NOTADB") && file != null && !sqliteHeader(file)) {
                // A scan list (or any other file) given where a database goes: nothing is damaged.
                return which + " is not a database; if it is a scan, import it first: fsscan import " + which;
            }
            if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) {
                return which + " is damaged (" + code.name() + "): import the scan again";
            }
            if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
                return which + " is locked by another program that is writing it: try again when it ends";
            }
            if (name.startsWith("SQLITE_IOERR")) {
                return "cannot read " + which + " (" + code.name() + "): a disk or network file system error";
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("integer overflow")) {
            return "the figures asked for add up past 2^63 and cannot be shown exactly";
        }
        return "database error in " + which + ": " + message;
    }

    /** Whether the file starts as every SQLite database does ("SQLite format 3" and a zero byte). */
    private static boolean sqliteHeader(Path file) {
        byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (var in = java.nio.file.Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
