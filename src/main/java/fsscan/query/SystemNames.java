package fsscan.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who runs fsscan (--mine, --mygroup). Names of other ids come from {@link NameService}. */
public final class SystemNames {

    private SystemNames() {
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
