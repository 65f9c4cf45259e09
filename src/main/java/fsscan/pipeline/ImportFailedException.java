package fsscan.pipeline;

import java.io.UncheckedIOException;
import java.sql.SQLException;

/** An import that could not finish, with a one-line reason a person can act on. */
public final class ImportFailedException extends RuntimeException {

    public ImportFailedException(String stage, Throwable cause) {
        super(describe(stage, cause), cause);
    }

    public ImportFailedException(String message) {
        super(message);
    }

    private static String describe(String stage, Throwable cause) {
        if (cause instanceof ImportFailedException) {
            return cause.getMessage();
        }
        if (cause instanceof UncheckedIOException && cause.getMessage() != null && cause.getMessage().startsWith("cannot ")) {
            // Already says what could not be done with what; the stage adds nothing for a person.
            return cause.getMessage();
        }
        Throwable root = cause;
        while (root instanceof UncheckedIOException || root.getCause() != null && root instanceof org.apache.pekko.actor.ActorInitializationException) {
            root = root.getCause();
        }
        String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof SQLException) {
            what = "database error: " + what;
        } else if (root instanceof java.nio.file.NoSuchFileException) {
            what = "no such file: " + what;
        } else if (root instanceof java.nio.file.AccessDeniedException) {
            what = "permission denied: " + what;
        } else if (root instanceof java.io.IOException) {
            what = "I/O error: " + what;
        }
        return stage + ": " + what;
    }
}
