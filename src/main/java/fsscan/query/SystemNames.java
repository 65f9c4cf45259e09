package fsscan.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** uid and gid names as this machine knows them ({@code /etc/passwd}, {@code /etc/group}). */
public final class SystemNames {

    private SystemNames() {
    }

    public static Map<Long, String> users() {
        return read(Path.of("/etc/passwd"));
    }

    public static Map<Long, String> groups() {
        return read(Path.of("/etc/group"));
    }

    /** name:x:id:... lines; a missing or unreadable file knows no names. */
    static Map<Long, String> read(Path file) {
        Map<Long, String> names = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return names;
        }
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 3) {
                try {
                    names.putIfAbsent(Long.parseLong(f[2]), f[0]);
                } catch (NumberFormatException e) {
                    // A comment or a malformed line: skip it.
                }
            }
        }
        return names;
    }

    /** The uid (or gid) of this process, from /proc/self/status; -1 when not on Linux. */
    public static long current(boolean group) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(group ? "Gid:" : "Uid:")) {
                    return Long.parseLong(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
