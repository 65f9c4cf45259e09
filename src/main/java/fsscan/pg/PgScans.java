package fsscan.pg;

import fsscan.db.ScanReader;
import fsscan.query.QueryException;
import fsscan.query.ScanStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The scans published in a PostgreSQL database: {@code fsscan.live} names each file system's live
 * schema. A reader reads one scan in one read-only, repeatable-read transaction, under a shared
 * session lock taken before that transaction, which a publish takes exclusively only to drop a
 * schema no longer live: a reader sees the old scan or the new one, whole, and never a schema that
 * is gone.
 */
public final class PgScans {

    static final String CATALOG = "fsscan";

    private PgScans() {
    }

    /** The file systems published there, in name order. */
    public static List<String> filesystems(PgUrl url) {
        try (Connection c = url.connect()) {
            if (!catalogExists(c)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT fs FROM fsscan.live ORDER BY fs"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new QueryException(PgErrors.describe(url, e));
        }
    }

    static boolean catalogExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('fsscan.live') IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * The advisory lock readers of {@code fs} share and a publish takes alone to drop an old schema:
     * a session lock, taken before the reader's transaction begins, so that its snapshot (and the
     * live schema it reads) is never older than the lock.
     */
    static final String READ_LOCK = "SELECT pg_advisory_lock_shared(hashtextextended('fsscan read ' || ?, 0))";

    /** Opens the live scan of {@code fs}, for as long as the store is open. */
    public static ScanStore open(PgUrl url, String fs) {
        Connection c = null;
        try {
            c = url.connect();
            if (!catalogExists(c)) {
                throw new QueryException("nothing is published in " + url.describe() + " (fsscan publish)");
            }
            try (PreparedStatement lock = c.prepareStatement(READ_LOCK)) {
                lock.setString(1, fs);
                lock.execute();
            }
            // Held until the connection closes with the store; the transaction's snapshot starts after it.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String schema;
            String source;
            try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, source FROM fsscan.live WHERE fs = ?")) {
                ps.setString(1, fs);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new QueryException("no scan '" + fs + "' is published in " + url.describe() + "; there are: "
                                + String.join(", ", filesystems(url)));
                    }
                    schema = rs.getString(1);
                    source = rs.getString(2);
                }
            }
            return ScanReader.on(c, new PgDialect(schema), source);
        } catch (SQLException e) {
            close(c);
            throw new QueryException(PgErrors.describe(url, e));
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing after a failure.
            }
        }
    }
}
