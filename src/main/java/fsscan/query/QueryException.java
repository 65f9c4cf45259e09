package fsscan.query;

/** A question the scans cannot answer as asked (an unknown name, no such database): one line for the user. */
public final class QueryException extends RuntimeException {
    public QueryException(String message) {
        super(message);
    }
}
