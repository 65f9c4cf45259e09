package fsscan.query;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * uid and gid names, in one place with one precedence: the names saved in the scans (true on the
 * machine and at the time of the import; the first scan named wins), then the name service's
 * ({@link NameService}: NSS through getent, or exported files), asked only for ids the scans do not name.
 */
public final class OwnerNames {

    private final Map<Long, String> users = new HashMap<>();
    private final Map<Long, String> groups = new HashMap<>();
    private final NameService service;

    private OwnerNames(NameService service) {
        this.service = service;
    }

    public static OwnerNames of(List<? extends ScanStore> scans, NameService service) throws Exception {
        OwnerNames n = new OwnerNames(service);
        for (ScanStore s : scans) {
            s.savedNames(false).forEach(n.users::putIfAbsent);
            s.savedNames(true).forEach(n.groups::putIfAbsent);
        }
        return n;
    }

    /** Asks the name service once for the names of these ids that the scans do not name (before a report). */
    public void prefetch(Collection<Long> ids, boolean group) {
        Map<Long, String> known = group ? groups : users;
        List<Long> missing = ids.stream().filter(id -> !known.containsKey(id) && id >= 0).distinct().toList();
        if (!missing.isEmpty()) {
            service.names(missing, group).forEach(known::putIfAbsent);
        }
    }

    /** The name of a uid (or gid), or null when nobody knows it. */
    public String name(long id, boolean group) {
        Map<Long, String> known = group ? groups : users;
        if (!known.containsKey(id) && id >= 0) {
            prefetch(List.of(id), group);
        }
        return known.get(id);
    }

    /** The name, else the number as text; gid -1 (a list without g=) is "(unknown)". */
    public String nameOrId(long id, boolean group) {
        if (group && id == -1) {
            return "(unknown)";
        }
        String n = name(id, group);
        return n != null ? n : Long.toString(id);
    }

    /** Numbers as they are, names to their ids (the scans' names first, the lowest id of a name known twice). */
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
                found = service.id(g, group);
            }
            if (found == null) {
                throw new QueryException("unknown " + (group ? "group" : "user") + " '" + g + "'");
            }
            out.add(found);
        }
        return out;
    }
}
