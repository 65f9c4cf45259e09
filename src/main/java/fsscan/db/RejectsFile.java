package fsscan.db;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
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
     * Writes the rejects of this import into a new temporary file next to the database, or returns
     * null when there are none; {@link DatabaseTarget#replace} puts it in place.
     */
    public static Path stage(Path database, List<Entry> entries, long totalRejected) throws IOException {
        if (totalRejected == 0) {
            return null;
        }
        Path target = pathFor(database);
        Path temp = DatabaseWriter.createTemp(target, "");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS))) {
            String head = "# line\treason\ttext (" + totalRejected + " malformed lines"
                    + (totalRejected > entries.size() ? ", the first " + entries.size() + " kept" : "") + ")\n";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            for (Entry e : entries) {
                String where = e.source() == null ? Long.toString(e.lineNumber()) : e.source() + ":" + e.lineNumber();
                out.write((where + "\t" + e.reason() + "\t").getBytes(StandardCharsets.UTF_8));
                out.write(e.text());
                out.write('\n');
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }
}
