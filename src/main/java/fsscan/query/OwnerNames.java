package fsscan.query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * uid and gid names, in one place with one precedence: the names saved in the scans (true on the
 * machine and at the time of the import; the first scan named wins), then this machine's.
 */
public final class OwnerNames {

    private final Map<Long, String> users = new HashMap<>();
    private final Map<Long, String> groups = new HashMap<>();

    private OwnerNames() {
    }

    public static OwnerNames of(List<? extends ScanStore> scans, Map<Long, String> systemUsers, Map<Long, String> systemGroups)
            throws Exception {
        OwnerNames n = new OwnerNames();
        for (ScanStore s : scans) {
            s.savedNames(false).forEach(n.users::putIfAbsent);
            s.savedNames(true).forEach(n.groups::putIfAbsent);
        }
        systemUsers.forEach(n.users::putIfAbsent);
        systemGroups.forEach(n.groups::putIfAbsent);
        return n;
    }

    /** The name of a uid (or gid), or null when nobody knows it. */
    public String name(long id, boolean group) {
        return (group ? groups : users).get(id);
    }

    /** The name, else the number as text; gid -1 (a list without g=) is "(unknown)". */
    public String nameOrId(long id, boolean group) {
        if (group && id == -1) {
            return "(unknown)";
        }
        String n = name(id, group);
        return n != null ? n : Long.toString(id);
    }

    /** Numbers as they are, names to their ids (the lowest id of a name known twice). */
    public List<Long> ids(List<String> given, boolean group) {
        Map<Long, String> names = group ? groups : users;
        List<Long> out = new java.util.ArrayList<>();
        for (String g : given) {
            if (g.matches("\\d+")) {
                out.add(Long.parseLong(g));
                continue;
            }
            Long found = null;
            for (Map.Entry<Long, String> e : names.entrySet()) {
                if (e.getValue().equals(g) && (found == null || e.getKey() < found)) {
                    found = e.getKey();
                }
            }
            if (found == null) {
                throw new QueryException("unknown " + (group ? "group" : "user") + " '" + g + "'");
            }
            out.add(found);
        }
        return out;
    }
}
