package fsscan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an import stands for a signal that arrives during it: before the replace, the signal stops
 * the import and nothing changes; once the replace has begun, it is carried through and the command
 * ends as it would have without the signal. The main thread and the signal's thread meet here.
 */
final class ReplaceGuard {

    private enum State { IMPORTING, INTERRUPTED, REPLACING, REPLACED }

    private State state = State.IMPORTING;
    private Path stagedDatabase;
    private Path stagedRejects;

    synchronized void staged(Path database, Path rejects) {
        stagedDatabase = database;
        stagedRejects = rejects;
    }

    /** From the signal: true when the import was stopped before any replace (the old database stays). */
    synchronized boolean interruptBeforeReplace() {
        if (state == State.IMPORTING) {
            state = State.INTERRUPTED;
            return true;
        }
        return false;
    }

    /** From the command: the replace starts now, unless a signal came first. */
    synchronized void beginReplace() {
        if (state == State.INTERRUPTED) {
            throw new Main.UserException("interrupted; nothing replaced");
        }
        state = State.REPLACING;
    }

    synchronized void replaced() {
        state = State.REPLACED;
    }

    synchronized boolean isReplaced() {
        return state == State.REPLACED;
    }

    /** The staged files, unless they are in place now. */
    synchronized void deleteStagedUnlessReplaced() {
        if (state == State.REPLACED) {
            return;
        }
        for (Path p : new Path[] {stagedDatabase, stagedRejects}) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Removed by the next import's clean-up of abandoned files.
                }
            }
        }
        stagedDatabase = null;
        stagedRejects = null;
    }

}
