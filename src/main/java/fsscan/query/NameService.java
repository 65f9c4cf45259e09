package fsscan.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * uid and gid names as the machine's name service knows them: {@code getent passwd}/{@code getent
 * group}, so NSS answers (files, LDAP, SSSD), asked for the ids seen, never enumerated (SSSD does
 * not enumerate by default); or exported {@code /etc/passwd}- and {@code /etc/group}-format files
 * instead ({@code --passwd}, {@code --group}). Answers are cached, misses too.
 */
public final class NameService {

    private static final NameService SYSTEM = new NameService(null, null);

    private final Map<Long, String> usersFile;
    private final Map<Long, String> groupsFile;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private NameService(Map<Long, String> usersFile, Map<Long, String> groupsFile) {
        this.usersFile = usersFile;
        this.groupsFile = groupsFile;
    }

    /** The machine's name service. */
    public static NameService system() {
        return SYSTEM;
    }

    /** Exported files for users and groups; null for either: that one from the machine. */
    public static NameService files(Path passwd, Path group) throws IOException {
        if (passwd == null && group == null) {
            return SYSTEM;
        }
        return new NameService(passwd == null ? null : read(passwd), group == null ? null : read(group));
    }

    /** {@code name:x:id:...} lines of a passwd- or group-format file. */
    static Map<Long, String> read(Path file) throws IOException {
        Map<Long, String> names = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !line.startsWith("#")) {
                try {
                    names.putIfAbsent(Long.parseLong(f[2]), f[0]);
                } catch (NumberFormatException e) {
                    // Not an entry.
                }
            }
        }
        return names;
    }

    /** The names of these ids that are known (one getent call for all the ids not yet cached). */
    public Map<Long, String> names(Collection<Long> ids, boolean group) {
        Map<Long, String> file = group ? groupsFile : usersFile;
        Map<Long, String> out = new HashMap<>();
        if (file != null) {
            for (long id : ids) {
                if (file.containsKey(id)) {
                    out.put(id, file.get(id));
                }
            }
            return out;
        }
        String db = group ? "group" : "passwd";
        List<String> ask = new ArrayList<>();
        for (long id : ids) {
            String cached = cache.get(db + ":" + id);
            if (cached == null) {
                ask.add(Long.toString(id));
            } else if (!cached.isEmpty()) {
                out.put(id, cached);
            }
        }
        for (int i = 0; i < ask.size(); i += 500) {
            List<String> batch = ask.subList(i, Math.min(ask.size(), i + 500));
            Map<Long, String> found = getent(db, batch);
            for (String id : batch) {
                String name = found.get(Long.parseLong(id));
                cache.put(db + ":" + id, name == null ? "" : name);
                if (name != null) {
                    out.put(Long.parseLong(id), name);
                }
            }
        }
        return out;
    }

    /** The id of a user or group name, or null when the name service does not know it. */
    public Long id(String name, boolean group) {
        Map<Long, String> file = group ? groupsFile : usersFile;
        if (file != null) {
            Long best = null;
            for (Map.Entry<Long, String> e : file.entrySet()) {
                if (e.getValue().equals(name) && (best == null || e.getKey() < best)) {
                    best = e.getKey();
                }
            }
            return best;
        }
        Map<Long, String> found = getent(group ? "group" : "passwd", List.of(name));
        return found.isEmpty() ? null : found.keySet().iterator().next();
    }

    /** {@code getent DB KEY...}: name:x:id lines; none when getent is missing or knows none of them. */
    private static Map<Long, String> getent(String db, List<String> keys) {
        Map<Long, String> out = new HashMap<>();
        List<String> cmd = new ArrayList<>(List.of("getent", db));
        cmd.addAll(keys);
        for (String line : output(cmd)) {
            String[] f = line.split(":", -1);
            if (f.length >= 3) {
                try {
                    out.putIfAbsent(Long.parseLong(f[2]), f[0]);
                } catch (NumberFormatException e) {
                    // Not an entry.
                }
            }
        }
        return out;
    }

    /**
     * The lines a command of the user database ({@code getent}, {@code id}) prints on stdout, waited
     * for 30 s at most; none when it cannot run here (not Linux with glibc): then nobody is known.
     */
    public static List<String> output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
