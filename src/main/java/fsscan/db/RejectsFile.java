package fsscan.db;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The rejects file next to the database: one line per malformed input line,
 * {@code <line number> TAB <reason> TAB <the line's bytes as read>}.
 */
public final class RejectsFile {

    /** A rejected line: its source (null for a one-file scan) and line number there (1-based). */
    public record Entry(String source, long lineNumber, String reason, byte[] text) {
    }

    private RejectsFile() {
    }

    public static Path pathFor(Path database) {
        return database.resolveSibling(database.getFileName() + ".rejects");
    }

    /**
     * Replaces the rejects file of {@code database}: written under a temporary name, then renamed.
     * With no rejects, an old file is removed so it cannot be mistaken for this import's.
     */
    public static void write(Path database, List<Entry> entries, long totalRejected) throws IOException {
        Path target = pathFor(database);
        if (totalRejected == 0) {
            Files.deleteIfExists(target);
            return;
        }
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
            String head = "# line\treason\ttext (" + totalRejected + " malformed lines"
                    + (totalRejected > entries.size() ? ", the first " + entries.size() + " kept" : "") + ")\n";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            for (Entry e : entries) {
                String where = e.source() == null ? Long.toString(e.lineNumber()) : e.source() + ":" + e.lineNumber();
                out.write((where + "\t" + e.reason() + "\t").getBytes(StandardCharsets.UTF_8));
                out.write(e.text());
                out.write('\n');
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
