package fsscan.pg;

import java.sql.SQLException;

/** PostgreSQL's errors as one line a person can act on. */
final class PgErrors {

    private PgErrors() {
    }

    static String describe(PgUrl url, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        if (state.startsWith("08")) {
            return "cannot connect to " + url.describe() + ": " + message + " (is the server running, the host and port right?)";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return "cannot log in to " + url.describe() + ": " + message + " (the password: in the URL, $PGPASSWORD or ~/.pgpass)";
        }
        if (state.equals("3D000")) {
            return url.describe() + ": " + message;
        }
        if (state.equals("42501")) {
            return "no permission on " + url.describe() + ": " + message;
        }
        return url.describe() + ": " + message;
    }
}
