package fsscan.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The paths users know mapped to the paths in the scans ({@code fsscan.path-aliases} in
 * {@code conf/application.conf}: {@code "/glade/campaign" = "/gpfs/csfs1"}): a {@code -P} or
 * {@code -E} given under an alias is read as the scan's path. Longest alias first.
 */
public final class PathAliases {

    private final List<Map.Entry<String, String>> aliases;

    public PathAliases(Map<String, String> aliasToScan) {
        aliases = new ArrayList<>(aliasToScan.entrySet());
        aliases.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    }

    public static PathAliases none() {
        return new PathAliases(Map.of());
    }

    /** The scan's path for a path a user typed (itself when no alias applies). */
    public String toScan(String path) {
        for (Map.Entry<String, String> a : aliases) {
            String alias = trim(a.getKey());
            if (path.equals(alias) || path.startsWith(alias + "/")) {
                return trim(a.getValue()) + path.substring(alias.length());
            }
        }
        return path;
    }

    /** The scope with its paths translated. */
    public Scope toScan(Scope scope) {
        return new Scope(scope.prefixes().stream().map(this::toScan).toList(),
                scope.excludes().stream().map(this::toScan).toList(), scope.minDepth(), scope.maxDepth(), scope.viewer());
    }

    /** The aliases that applied to these typed paths, as "ALIAS is SCANPATH" notes. */
    public List<String> notes(List<String> typed) {
        List<String> out = new ArrayList<>();
        for (String p : typed) {
            String s = toScan(p);
            if (!s.equals(p)) {
                out.add(p + " is " + s + " in the scan");
            }
        }
        return out;
    }

    private static String trim(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
