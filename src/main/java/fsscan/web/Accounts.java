package fsscan.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Who a login name is: uid, primary gid, and every group it belongs to (as ids and names). From
 * {@code /etc/passwd}- and {@code /etc/group}-format files when given (sites export LDAP to them;
 * tests write them), else from the machine's user database through {@code getent} and
 * {@code id}, which ask NSS (files, LDAP, SSSD). The machine's answers are kept five minutes.
 */
final class Accounts {

    /** A known user. */
    record Account(String name, long uid, Set<Long> gids, Set<String> groupNames) {
    }

    private record Entry(String name, long id, long primaryGid, List<String> members) {
    }

    private final Map<String, Entry> users; // null: the machine's
    private final List<Entry> groups; // null: the machine's
    private record Asked(long at, List<String> lines) {
    }

    private final Map<String, Asked> cache = new ConcurrentHashMap<>();

    private Accounts(Map<String, Entry> users, List<Entry> groups) {
        this.users = users;
        this.groups = groups;
    }

    static Accounts of(Path passwd, Path group) throws IOException {
        Map<String, Entry> u = null;
        if (passwd != null) {
            u = new HashMap<>();
            for (Entry e : read(passwd, true)) {
                u.putIfAbsent(e.name(), e);
            }
        }
        return new Accounts(u, group == null ? null : read(group, false));
    }

    private static List<Entry> read(Path file, boolean passwd) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(":", -1);
            try {
                if (passwd && f.length >= 4) {
                    out.add(new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), List.of()));
                } else if (!passwd && f.length >= 3) {
                    List<String> members = new ArrayList<>();
                    if (f.length >= 4) {
                        for (String m : f[3].split(",")) {
                            if (!m.isBlank()) {
                                members.add(m.trim());
                            }
                        }
                    }
                    out.add(new Entry(f[0], Long.parseLong(f[2]), -1, members));
                }
            } catch (NumberFormatException e) {
                // Not an entry.
            }
        }
        return out;
    }

    /** The account of a login name, or null when the user database does not know it. */
    Account find(String name) {
        if (name == null || name.isEmpty() || name.indexOf(':') >= 0 || name.indexOf('\n') >= 0) {
            return null;
        }
        Entry user = users != null ? users.get(name) : machineUser(name);
        if (user == null) {
            return null;
        }
        Set<Long> gids = new LinkedHashSet<>();
        Set<String> groupNames = new LinkedHashSet<>();
        gids.add(user.primaryGid());
        if (groups != null) {
            for (Entry g : groups) {
                if (g.id() == user.primaryGid() || g.members().contains(name)) {
                    gids.add(g.id());
                    groupNames.add(g.name());
                }
            }
        } else {
            machineGroups(name, gids, groupNames);
        }
        return new Account(user.name(), user.id(), gids, groupNames);
    }

    private Entry machineUser(String name) {
        List<String> lines = cached("passwd:" + name, List.of("getent", "passwd", name));
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[0].equals(name)) {
                try {
                    return new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), List.of());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** {@code id -G NAME} and {@code id -Gn NAME}: every group of the user, as NSS knows them. */
    private void machineGroups(String name, Set<Long> gids, Set<String> names) {
        List<String> ids = cached("gids:" + name, List.of("id", "-G", "--", name));
        List<String> groupNames = cached("gnames:" + name, List.of("id", "-Gn", "--", name));
        for (String line : ids) {
            for (String g : line.trim().split("\\s+")) {
                try {
                    gids.add(Long.parseLong(g));
                } catch (NumberFormatException e) {
                    // Not an id.
                }
            }
        }
        for (String line : groupNames) {
            for (String g : line.trim().split("\\s+")) {
                if (!g.isEmpty()) {
                    names.add(g);
                }
            }
        }
    }

    /** A command's output, asked again after five minutes (a group added in LDAP shows then). */
    private List<String> cached(String key, List<String> command) {
        Asked hit = cache.get(key);
        if (hit != null && System.nanoTime() - hit.at() < TimeUnit.MINUTES.toNanos(5)) {
            return hit.lines();
        }
        List<String> lines = fsscan.query.NameService.output(command);
        cache.put(key, new Asked(System.nanoTime(), lines));
        return lines;
    }
}
